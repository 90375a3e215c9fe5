/// A fenced or indented code block, with where its parts sit in the source.
package struct CodeBlock: Sendable, Equatable {
    /// Whether the block was opened by a fence of backticks or tildes (not by indentation).
    package var isFenced: Bool
    /// The fence character, a backtick or a tilde; nil for an indented block.
    package var fenceCharacter: Character?
    /// The number of fence characters in the opening fence; 0 for an indented block.
    package var fenceLength: Int
    /// The info string after the opening fence, trimmed, with backslash escapes and entity
    /// references resolved; empty for an indented block.
    package var info: String
    /// The content: container prefixes and fence indentation removed, each line ending in "\n".
    package var literal: String
    /// Where the opening fence's first backtick or tilde is; for an indented block, where the
    /// content of its first line starts.
    package var fenceLocation: SourceLocation
    /// The source line numbers of the content lines; nil when there is no content.
    package var contentLines: ClosedRange<Int>?
    /// The source line of the closing fence; nil for an indented block, or when the fence was
    /// never closed and ran to the end of its container or of the document.
    package var closingLine: Int?

    /// The first word of the info string (the language), or nil when the info is empty.
    package var language: String? {
        let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first
        return word.map(String.init)
    }

    /// The source lines the whole block spans, fences included.
    package var lines: ClosedRange<Int> {
        let last = closingLine ?? contentLines?.upperBound ?? fenceLocation.line
        return fenceLocation.line...max(last, fenceLocation.line)
    }
}
