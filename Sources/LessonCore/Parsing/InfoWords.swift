import CommonMark

/// The words of a fence's info string, each with the column it starts at.
struct InfoWords {
    struct Word {
        var text: String
        var location: SourceLocation

        /// `key=value` split at the first `=`; `(word, nil)` when there is none.
        var keyValue: (String, String?) {
            guard let equals = text.firstIndex(of: "=") else { return (text, nil) }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
    }

    var words: [Word] = []

    var language: Word? { words.first }
    var attributes: ArraySlice<Word> { words.dropFirst() }

    init(_ block: CodeBlock, lines: [Substring]) {
        let line = block.fenceLocation.line
        guard line - 1 < lines.count else { return }
        // Columns come from the raw source line, so they point at what the author typed.
        let raw = Array(lines[line - 1].utf8)
        var index = block.fenceLocation.column - 1 + block.fenceLength
        var current: [UInt8] = []
        var start = index
        while index <= raw.count {
            let byte = index < raw.count ? raw[index] : 32
            if byte == 32 || byte == 9 {
                if !current.isEmpty {
                    words.append(
                        Word(
                            text: String(decoding: current, as: UTF8.self),
                            location: SourceLocation(line: line, column: start + 1)))
                    current = []
                }
                start = index + 1
            } else {
                if current.isEmpty { start = index }
                current.append(byte)
            }
            index += 1
        }
    }
}
