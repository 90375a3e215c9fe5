/// Parses the inline content of a paragraph or heading into flat `InlineToken`s, following
/// the CommonMark algorithm: a delimiter stack for emphasis, a bracket stack for links and
/// images, resolved against the document's link reference definitions.
struct InlineParser {
    /// An entry of the delimiter stack: a run of `*` or `_`.
    struct Delimiter {
        var char: UInt8
        var count: Int
        var originalCount: Int
        var token: Int
        var canOpen: Bool
        var canClose: Bool
        var previous: Int
        var next: Int
    }

    /// An entry of the bracket stack: a `[` or `![` that may open a link or image.
    struct Bracket {
        var token: Int
        var previousDelimiter: Int
        var labelStart: Int
        var isImage: Bool
        var isActive = true
        var bracketAfter = false
    }

    let s: [UInt8]
    let end: Int
    let definitions: [String: LinkDefinition]
    var pos: Int
    var tokens: [InlineToken] = []
    var delimiters: [Delimiter] = []
    var top = -1
    var brackets: [Bracket] = []
    /// Decoded text of character references.
    var literals: [[UInt8]] = []
    /// Destinations and titles of links and images.
    var links: [RawDefinition] = []
    /// Whether a backtick search has reached the end of the subject.
    var backticksScanned = false
    /// The start of the last backtick run of each length, once `backticksScanned` is set.
    var lastBacktickRun: [Int: Int] = [:]
    /// For each kind of raw HTML construct found by `rawHTMLKind`, the position from which its
    /// end marker is known to be missing.
    var htmlEndMissingFrom = [Int](repeating: Int.max, count: 4)

    /// Creates a parser over `s[start..<end]`.
    init(_ s: [UInt8], start: Int, end: Int, definitions: [String: LinkDefinition]) {
        self.s = s
        self.end = end
        self.pos = start
        self.definitions = definitions
    }

    /// Parses everything and resolves emphasis.
    mutating func parse() {
        while pos < end {
            let c = s[pos]
            switch c {
            case 0x0A: parseNewline()
            case UInt8(ascii: "\\"): parseBackslash()
            case UInt8(ascii: "`"): parseBackticks()
            case UInt8(ascii: "*"), UInt8(ascii: "_"): parseDelimiterRun(c)
            case UInt8(ascii: "["):
                openBracket(tokenStart: pos, labelStart: pos, length: 1, isImage: false)
            case UInt8(ascii: "!"):
                if pos + 1 < end, s[pos + 1] == UInt8(ascii: "[") {
                    openBracket(tokenStart: pos, labelStart: pos + 1, length: 2, isImage: true)
                } else {
                    appendText(pos, pos + 1)
                    pos += 1
                }
            case UInt8(ascii: "]"): parseCloseBracket()
            case UInt8(ascii: "<"): parseLessThan()
            case UInt8(ascii: "&"): parseEntity()
            default: parseString()
            }
        }
        processEmphasis(stackBottom: -1)
    }

    // MARK: - Simple inlines

    /// Whether a byte starts something other than plain text.
    @inline(__always) static func isSpecial(_ c: UInt8) -> Bool {
        switch c {
        case 0x0A, UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "!"), UInt8(ascii: "<"),
            UInt8(ascii: "&"):
            true
        default: false
        }
    }

    /// Appends source text, merging with a directly preceding text token.
    mutating func appendText(_ start: Int, _ stop: Int) {
        if let last = tokens.last, last.kind == .text, last.end == start {
            tokens[tokens.count - 1].end = stop
        } else {
            tokens.append(InlineToken(kind: .text, start: start, end: stop))
        }
    }

    /// Consumes a run of plain text.
    mutating func parseString() {
        let start = pos
        pos += 1
        while pos < end, !Self.isSpecial(s[pos]) { pos += 1 }
        appendText(start, pos)
    }

    /// A line ending: hard when preceded by two or more spaces, soft otherwise.
    mutating func parseNewline() {
        pos += 1
        var hard = false
        if let lastIndex = tokens.indices.last, tokens[lastIndex].kind == .text {
            var stop = tokens[lastIndex].end
            let start = tokens[lastIndex].start
            var spaces = 0
            while stop > start, s[stop - 1] == 0x20 {
                stop -= 1
                spaces += 1
            }
            hard = spaces >= 2
            tokens[lastIndex].end = stop
        }
        tokens.append(InlineToken(kind: hard ? .hardBreak : .softBreak, start: pos, end: pos))
        while pos < end, s[pos] == 0x20 { pos += 1 }
    }

    /// A backslash: a hard break before a line ending, an escape before punctuation, or text.
    mutating func parseBackslash() {
        pos += 1
        if pos < end, s[pos] == 0x0A {
            pos += 1
            tokens.append(InlineToken(kind: .hardBreak, start: pos, end: pos))
            while pos < end, s[pos] == 0x20 { pos += 1 }
        } else if pos < end, CharacterReference.isASCIIPunctuation(s[pos]) {
            tokens.append(InlineToken(kind: .text, start: pos, end: pos + 1))
            pos += 1
        } else {
            appendText(pos - 1, pos)
        }
    }

    /// A code span between backtick runs of equal length, or the backticks as text.
    mutating func parseBackticks() {
        let start = pos
        while pos < end, s[pos] == UInt8(ascii: "`") { pos += 1 }
        let length = pos - start
        if let closer = findBacktickRun(length: length, from: pos) {
            var contentStart = pos
            var contentEnd = closer
            let first = s[contentStart]
            let last = s[contentEnd - 1]
            if contentEnd - contentStart >= 2, first == 0x20 || first == 0x0A,
                last == 0x20 || last == 0x0A,
                s[contentStart..<contentEnd].contains(where: { $0 != 0x20 && $0 != 0x0A })
            {
                contentStart += 1
                contentEnd -= 1
            }
            tokens.append(InlineToken(kind: .code, start: contentStart, end: contentEnd))
            pos = closer + length
        } else {
            appendText(start, pos)
        }
    }

    /// The start of the first run of exactly `length` backticks at or after `from`, or nil.
    /// After one scan to the end, the last start of each run length is remembered, so that
    /// many unmatched runs cost linear time.
    mutating func findBacktickRun(length: Int, from: Int) -> Int? {
        if backticksScanned, (lastBacktickRun[length] ?? -1) < from { return nil }
        var i = from
        while i < end {
            guard s[i] == UInt8(ascii: "`") else {
                i += 1
                continue
            }
            let runStart = i
            while i < end, s[i] == UInt8(ascii: "`") { i += 1 }
            let runLength = i - runStart
            if runLength == length { return runStart }
            if !backticksScanned { lastBacktickRun[runLength] = runStart }
        }
        backticksScanned = true
        return nil
    }

    /// A character reference, or `&` as text.
    mutating func parseEntity() {
        if let (bytes, next) = CharacterReference.decode(s, pos, end) {
            tokens.append(
                InlineToken(kind: .literal, start: pos, end: next, payload: literals.count))
            literals.append(bytes)
            pos = next
        } else {
            appendText(pos, pos + 1)
            pos += 1
        }
    }

    /// An autolink, raw HTML, or `<` as text.
    mutating func parseLessThan() {
        if let close = scanURIAutolink() {
            appendAutolink(contentStart: pos + 1, contentEnd: close, isEmail: false)
            pos = close + 1
        } else if let close = scanEmailAutolink() {
            appendAutolink(contentStart: pos + 1, contentEnd: close, isEmail: true)
            pos = close + 1
        } else if let next = scanRawHTML() {
            tokens.append(InlineToken(kind: .html, start: pos, end: next))
            pos = next
        } else {
            appendText(pos, pos + 1)
            pos += 1
        }
    }

    /// The index after raw HTML at `pos`, or nil. A comment, processing instruction, CDATA
    /// section or declaration whose end marker is missing proves that later ones of the same
    /// kind have none either, so they fail at once and unclosed ones cost linear time.
    mutating func scanRawHTML() -> Int? {
        let kind = rawHTMLKind()
        if kind >= 0, pos >= htmlEndMissingFrom[kind] { return nil }
        let next = HTMLSyntax.scanInline(s, pos, end)
        if next == nil, kind >= 0 { htmlEndMissingFrom[kind] = pos }
        return next
    }

    /// Which raw HTML construct whose end is found by searching starts at `pos`: 0 a comment,
    /// 1 a processing instruction, 2 a CDATA section, 3 a declaration, or -1 another.
    func rawHTMLKind() -> Int {
        guard pos + 2 < end else { return -1 }
        if s[pos + 1] == UInt8(ascii: "?") { return 1 }
        guard s[pos + 1] == UInt8(ascii: "!") else { return -1 }
        if HTMLSyntax.hasPrefix(s, pos, end, "<!--") { return 0 }
        if HTMLSyntax.hasPrefix(s, pos, end, "<![CDATA[") { return 2 }
        return HTMLSyntax.isLetter(s[pos + 2]) ? 3 : -1
    }

    /// The index of the `>` closing a URI autolink at `pos`, or nil.
    func scanURIAutolink() -> Int? {
        var i = pos + 1
        guard i < end, HTMLSyntax.isLetter(s[i]) else { return nil }
        let schemeStart = i
        i += 1
        while i < end,
            HTMLSyntax.isAlphanumeric(s[i]) || s[i] == UInt8(ascii: "+")
                || s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: "-")
        {
            i += 1
        }
        let schemeLength = i - schemeStart
        guard schemeLength >= 2, schemeLength <= 32, i < end, s[i] == UInt8(ascii: ":") else {
            return nil
        }
        i += 1
        while i < end {
            let c = s[i]
            if c == UInt8(ascii: ">") { return i }
            if c == UInt8(ascii: "<") || c <= 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// The index of the `>` closing an email autolink at `pos`, or nil.
    func scanEmailAutolink() -> Int? {
        var i = pos + 1
        let localStart = i
        while i < end, Self.isEmailLocal(s[i]) { i += 1 }
        guard i > localStart, i < end, s[i] == UInt8(ascii: "@") else { return nil }
        i += 1
        while true {
            let labelStart = i
            while i < end, HTMLSyntax.isAlphanumeric(s[i]) || s[i] == UInt8(ascii: "-") {
                i += 1
            }
            let length = i - labelStart
            guard length >= 1, length <= 63, s[labelStart] != UInt8(ascii: "-"),
                s[i - 1] != UInt8(ascii: "-")
            else { return nil }
            guard i < end else { return nil }
            if s[i] == UInt8(ascii: ">") { return i }
            guard s[i] == UInt8(ascii: ".") else { return nil }
            i += 1
        }
    }

    /// Whether a byte may appear in the local part of an email autolink.
    static func isEmailLocal(_ c: UInt8) -> Bool {
        if HTMLSyntax.isAlphanumeric(c) { return true }
        switch c {
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"),
            UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"),
            UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Appends an autolink: a link around its own text.
    mutating func appendAutolink(contentStart: Int, contentEnd: Int, isEmail: Bool) {
        var destination: [UInt8] = isEmail ? Array("mailto:".utf8) : []
        destination.append(contentsOf: URLNormalizer.normalize(Array(s[contentStart..<contentEnd])))
        let index = links.count
        links.append(RawDefinition(destination: destination, title: nil))
        tokens.append(
            InlineToken(kind: .linkOpen, start: contentStart, end: contentStart, payload: index))
        tokens.append(InlineToken(kind: .text, start: contentStart, end: contentEnd))
        tokens.append(
            InlineToken(kind: .linkClose, start: contentEnd, end: contentEnd, payload: index))
    }
}
