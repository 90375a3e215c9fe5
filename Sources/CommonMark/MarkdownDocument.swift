/// A parsed markdown document: its block tree with source positions, and its link reference
/// definitions.
package struct MarkdownDocument: Sendable {
    /// The top-level blocks, in source order.
    package var blocks: [MarkdownBlock]
    /// Link reference definitions, keyed by normalised label (case-folded, whitespace
    /// collapsed). The first definition of a label wins.
    package var definitions: [String: LinkDefinition]
    /// The source lines taken by link reference definitions, which produce no block.
    package var definitionLines: [ClosedRange<Int>]

    /// Creates a document from its blocks and definitions.
    package init(
        blocks: [MarkdownBlock], definitions: [String: LinkDefinition] = [:],
        definitionLines: [ClosedRange<Int>] = []
    ) {
        self.blocks = blocks
        self.definitions = definitions
        self.definitionLines = definitionLines
    }

    /// Calls `visit` for every block in document order (a container before its children),
    /// passing the sibling that directly follows it in the same container, if any.
    package func walk(_ visit: (MarkdownBlock, _ next: MarkdownBlock?) -> Void) {
        Self.walk(blocks, visit)
    }

    private static func walk(
        _ blocks: [MarkdownBlock], _ visit: (MarkdownBlock, MarkdownBlock?) -> Void
    ) {
        for (index, block) in blocks.enumerated() {
            visit(block, index + 1 < blocks.count ? blocks[index + 1] : nil)
            for children in block.childSequences { walk(children, visit) }
        }
    }

    /// Every code block in document order, including those nested in block quotes and lists.
    package var codeBlocks: [CodeBlock] {
        var result: [CodeBlock] = []
        walk { block, _ in
            if case .codeBlock(let code) = block { result.append(code) }
        }
        return result
    }

    /// The sibling block that directly follows `code` in the same container, or nil when
    /// `code` is the last block of its container (or is not in this document).
    package func block(following code: CodeBlock) -> MarkdownBlock? {
        var found: MarkdownBlock?
        var matched = false
        walk { block, next in
            if !matched, case .codeBlock(let candidate) = block, candidate == code {
                matched = true
                found = next
            }
        }
        return found
    }

    /// For every code block followed in the same container by a fenced block with only blank
    /// lines between (the rule of `fencedBlock(following:)`), that block, keyed by the first
    /// one's fence location. One walk of the document, for a caller that asks about every
    /// code block (asking `fencedBlock(following:)` for each would walk it once per block).
    package var fencedSuccessors: [SourceLocation: CodeBlock] {
        let definitions = definitionLines.sorted { $0.lowerBound < $1.lowerBound }
        var result: [SourceLocation: CodeBlock] = [:]
        walk { block, next in
            guard case .codeBlock(let code) = block, case .codeBlock(let following)? = next, following.isFenced,
                !Self.overlaps(definitions, (code.lines.upperBound + 1)..<following.lines.lowerBound)
            else { return }
            result[code.fenceLocation] = following
        }
        return result
    }

    /// Whether any of `ranges` (sorted, not overlapping each other) overlaps `gap`: a binary
    /// search for the first range that ends at or after the gap's start.
    static func overlaps(_ ranges: [ClosedRange<Int>], _ gap: Range<Int>) -> Bool {
        guard !gap.isEmpty else { return false }
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < gap.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].overlaps(gap)
    }

    /// The fenced code block that follows `code` in the same container with only blank lines
    /// between them (no other block and no link reference definition), or nil.
    package func fencedBlock(following code: CodeBlock) -> CodeBlock? {
        guard case .codeBlock(let next)? = block(following: code), next.isFenced else {
            return nil
        }
        let gap = (code.lines.upperBound + 1)..<next.lines.lowerBound
        if definitionLines.contains(where: { $0.overlaps(gap) }) { return nil }
        return next
    }
}
