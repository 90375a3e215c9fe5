/// The name of a learner's folder, as bytes from the file system: which names are refused,
/// and how any name is shown. A refused name still gets its rows (each an `error` saying
/// why), so nobody silently drops out of the gradebook.
package enum LearnerName {
    /// The longest name accepted, in bytes.
    package static let maximumBytes = 100

    /// Why `bytes` is not a usable learner name, or nil when it is: not UTF-8, empty or
    /// longer than `maximumBytes`, a control or invisible formatting character (a line break,
    /// a right-to-left override), white space at either end, or a leading `-`.
    package static func problem(_ bytes: [UInt8]) -> String? {
        guard let name = String(validating: bytes, as: UTF8.self) else {
            return "the learner folder's name is not UTF-8; rename the folder"
        }
        if name.isEmpty || bytes.count > maximumBytes {
            return "the learner folder's name is longer than \(maximumBytes) bytes; rename the folder"
        }
        if name.unicodeScalars.contains(where: isInvisible) {
            return "the learner folder's name holds a control or invisible character; rename the folder"
        }
        if name.first!.isWhitespace || name.last!.isWhitespace {
            return "the learner folder's name starts or ends with white space; rename the folder"
        }
        if name.hasPrefix("-") {
            return "the learner folder's name starts with '-', which commands read as an option; rename the folder"
        }
        return nil
    }

    /// The name as shown in the gradebook: the name itself when it is usable text, else
    /// printable with every invalid byte as `\xNN` and every invisible character as `\u{…}`.
    package static func display(_ bytes: [UInt8]) -> String {
        var shown = ""
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if isInvisible(scalar) {
                    shown += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else if scalar == "\\" {
                    shown += "\\\\"
                } else {
                    shown.unicodeScalars.append(scalar)
                }
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<(offset + length)] {
                    shown += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
                offset += length
            case .emptyInput:
                break loop
            }
        }
        return shown
    }

    /// Control, format, separator and unassigned or private characters.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate: true
        default: false
        }
    }
}

/// Where the first byte that is not UTF-8 is in a file: line and column (both from 1, the
/// column counted in characters), and the byte; nil when the whole text is UTF-8.
package struct InvalidUTF8: Sendable, Hashable {
    package var line: Int
    package var column: Int
    package var byte: UInt8

    package init(line: Int, column: Int, byte: UInt8) {
        self.line = line
        self.column = column
        self.byte = byte
    }

    /// Finds the first invalid byte of `bytes`, or nil.
    package static func find(in bytes: [UInt8]) -> InvalidUTF8? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1
        var column = 1
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1, encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return InvalidUTF8(line: line, column: column, byte: bytes[offset])
            case .emptyInput:
                return nil
            }
        }
    }
}
