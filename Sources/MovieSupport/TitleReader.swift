/// A row the reader skipped, and why: the file's line number and a message.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number in the decompressed file (the header is line 1).
    public var line: Int
    /// What is wrong, e.g. `expected 9 tab-separated columns, found 8`.
    public var message: String

    /// Creates a problem report.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}

/// A file that cannot be read to its end: where it stopped and why.
public struct TitleFileError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The line the reader had reached when it stopped.
    public var line: Int
    /// What went wrong, e.g. `truncated gzip data ...`.
    public var message: String

    /// Creates an error.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: error: message`.
    public var description: String { "\(path):\(line): error: \(message)" }
}

/// What a scan saw: rows delivered, rows skipped (with the first 100 reasons) and lines read.
public struct ScanSummary: Sendable, Equatable {
    /// Rows handed to the caller.
    public var rows = 0
    /// Lines read, the header included.
    public var lines = 0
    /// Rows skipped because they were malformed.
    public var skipped = 0
    /// The first 100 skipped rows with their reasons.
    public var problems: [RowProblem] = []
    /// Whether the caller stopped the scan early.
    public var stoppedEarly = false

    /// Creates an empty summary.
    public init() {}
}

/// Reads `title.basics.tsv.gz` row by row, straight from the compressed file.
///
/// It inflates a chunk at a time and splits lines in place, so memory stays the same for
/// ten thousand rows or ten million. A malformed row (wrong number of columns, bad UTF-8,
/// a number that is not one) is skipped and reported with its line number; a file that
/// ends early or is corrupt throws `TitleFileError` after every complete row before it.
public struct TitleReader: Sendable {
    /// The file to read.
    public var path: String
    /// Bytes of decompressed text held at a time (lines longer than this are rejected).
    public var bufferSize: Int

    /// Creates a reader for `path`.
    public init(path: String, bufferSize: Int = 1 << 18) {
        self.path = path
        self.bufferSize = max(1024, bufferSize)
    }

    /// Calls `body` with every well-formed row in file order until it returns false.
    @discardableResult
    public func forEach(_ body: (Title) throws -> Bool) throws -> ScanSummary {
        var summary = ScanSummary()
        try forEachLine(&summary) { line, number, summary in
            if number == 1 {
                guard Self.isHeader(line) else {
                    throw TitleFileError(
                        path: path, line: 1,
                        message: "not a title.basics file: the first line is not its header")
                }
                return true
            }
            switch Self.parse(line) {
            case .success(let title):
                summary.rows += 1
                return try body(title)
            case .failure(let problem):
                summary.skipped += 1
                if summary.problems.count < 100 {
                    summary.problems.append(RowProblem(line: number, message: problem.message))
                }
                return true
            }
        }
        return summary
    }

    /// Every well-formed row (for small files and tests).
    public func readAll() throws -> (titles: [Title], summary: ScanSummary) {
        var titles: [Title] = []
        let summary = try forEach {
            titles.append($0)
            return true
        }
        return (titles, summary)
    }

    /// A reason a row was skipped.
    public struct Malformed: Error, Equatable {
        /// What is wrong.
        public var message: String
    }

    /// Parses one line (without its newline) into a title.
    ///
    /// It works on the bytes in place: one pass finds the tabs, numbers are read digit by
    /// digit, and only the text columns become `String`s (after UTF-8 validation).
    public static func parse(_ line: UnsafeBufferPointer<UInt8>) -> Result<Title, Malformed> {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 10) { bounds in
            bounds[0] = -1
            var tabs = 0
            for index in 0..<line.count where line[index] == 0x09 {
                tabs += 1
                if tabs <= 8 { bounds[tabs] = index }
            }
            guard tabs == 8 else {
                return .failure(Malformed(message: "expected 9 tab-separated columns, found \(tabs + 1)"))
            }
            bounds[9] = line.count
            func field(_ column: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: line[(bounds[column] + 1)..<bounds[column + 1]])
            }
            var texts: (String, String, String, String, String) = ("", "", "", "", "")
            for slot in 0..<5 {
                let column = slot == 4 ? 8 : slot
                guard let text = Self.text(field(column)) else {
                    return .failure(Malformed(message: "column \(Title.columns[column]) is not valid UTF-8"))
                }
                switch slot {
                case 0: texts.0 = text
                case 1: texts.1 = text
                case 2: texts.2 = text
                case 3: texts.3 = text
                default: texts.4 = text
                }
            }
            var numbers: (Int?, Int?, Int?) = (nil, nil, nil)
            for column in 5...7 {
                let bytes = field(column)
                var value: Int?
                if !(bytes.count == 2 && bytes[0] == 0x5C && bytes[1] == 0x4E) {
                    var number = 0
                    let digits = bytes.allSatisfy { (0x30...0x39).contains($0) }
                    guard digits, (1...9).contains(bytes.count) else {
                        let text = String(decoding: bytes, as: UTF8.self)
                        return .failure(
                            Malformed(message: "column \(Title.columns[column]) is not a number: '\(text)'"))
                    }
                    for byte in bytes { number = number * 10 + Int(byte - 0x30) }
                    value = number
                }
                switch column {
                case 5: numbers.0 = value
                case 6: numbers.1 = value
                default: numbers.2 = value
                }
            }
            let adult = field(4)
            guard adult.count == 1, adult[0] == 0x30 || adult[0] == 0x31 else {
                let text = String(decoding: adult, as: UTF8.self)
                return .failure(Malformed(message: "column isAdult is not 0 or 1: '\(text)'"))
            }
            guard texts.0.utf8.count >= 9, texts.0.hasPrefix("tt") else {
                return .failure(Malformed(message: "column tconst is not an identifier: '\(texts.0)'"))
            }
            var genres: [String] = []
            let genreBytes = field(8)
            if !(genreBytes.count == 2 && genreBytes[0] == 0x5C && genreBytes[1] == 0x4E) {
                var from = 0
                for index in 0...genreBytes.count where index == genreBytes.count || genreBytes[index] == 0x2C {
                    if index > from {
                        genres.append(
                            String(decoding: UnsafeBufferPointer(rebasing: genreBytes[from..<index]), as: UTF8.self))
                    }
                    from = index + 1
                }
            }
            return .success(
                Title(
                    tconst: texts.0, titleType: texts.1, primaryTitle: texts.2, originalTitle: texts.3,
                    isAdult: adult[0] == 0x31, startYear: numbers.0, endYear: numbers.1,
                    runtimeMinutes: numbers.2, genres: genres))
        }
    }

    /// `bytes` as a string if they are valid UTF-8 (a quick path for pure ASCII).
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Parses one line given as text (for tests and examples).
    public static func parse(_ line: String) -> Result<Title, Malformed> {
        var copy = line
        return copy.withUTF8 { parse($0) }
    }

    private static let headerBytes = Array(Title.header.utf8)

    private static func isHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.elementsEqual(headerBytes)
    }

    /// Calls `body` with each line (without `\n`, and without a `\r` before it) and its
    /// number, until it returns false or the data ends.
    func forEachLine(
        _ summary: inout ScanSummary,
        _ body: (UnsafeBufferPointer<UInt8>, Int, inout ScanSummary) throws -> Bool
    ) throws {
        let reader: GzipReader
        do {
            reader = try GzipReader(path: path)
        } catch {
            throw TitleFileError(path: path, line: 0, message: error.message)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        var lineNumber = 0
        var finished = false
        while !finished {
            let count: Int
            do {
                count = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            } catch {
                throw TitleFileError(path: path, line: lineNumber + 1, message: error.message)
            }
            if count == 0 { finished = true }
            let end = filled + count
            let bytes = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: end)
            var lineStart = 0
            var index = filled
            while index < end {
                if bytes[index] == 0x0A {
                    lineNumber += 1
                    summary.lines = lineNumber
                    var lineEnd = index
                    if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                    if try !body(line, lineNumber, &summary) {
                        summary.stoppedEarly = true
                        return
                    }
                    lineStart = index + 1
                }
                index += 1
            }
            if finished {
                if lineStart < end {
                    // A last line without a newline still counts.
                    lineNumber += 1
                    summary.lines = lineNumber
                    let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
                    if try !body(line, lineNumber, &summary) { summary.stoppedEarly = true }
                }
                return
            }
            let rest = end - lineStart
            if rest == bufferSize {
                throw TitleFileError(
                    path: path, line: lineNumber + 1, message: "line longer than \(bufferSize) bytes")
            }
            if lineStart > 0, rest > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + lineStart, byteCount: rest)
            }
            filled = rest
        }
    }
}
