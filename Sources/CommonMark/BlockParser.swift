/// Parses markdown into a tree of `BlockNode`s, one line at a time, following the CommonMark
/// strategy: each line first continues the open blocks it can, then may open new blocks, and
/// what remains is text for the innermost open block.
final class BlockParser {
    /// What a continuation check concluded about an open block.
    enum Continuation { case matched, failed, lineDone }
    /// What a block-start check did.
    enum Start { case none, container, leaf }

    /// The deepest nesting of block quotes and list items; markers deeper than this are
    /// text, so that rendering and freeing the tree never recurse too deep for a thread stack.
    static let maxNesting = 64

    let src: [UInt8]
    @exclusivity(unchecked) var lineStart = 0
    @exclusivity(unchecked) var lineEnd = 0
    @exclusivity(unchecked) var lineNumber = 0
    @exclusivity(unchecked) var offset = 0
    @exclusivity(unchecked) var column = 0
    @exclusivity(unchecked) var nextNonspace = 0
    @exclusivity(unchecked) var nextNonspaceColumn = 0
    @exclusivity(unchecked) var indent = 0
    @exclusivity(unchecked) var indented = false
    @exclusivity(unchecked) var blank = false
    @exclusivity(unchecked) var partiallyConsumedTab = false
    @exclusivity(unchecked) var allClosed = true
    /// The root of the tree.
    let document: BlockNode
    @exclusivity(unchecked) var tip: BlockNode
    @exclusivity(unchecked) var oldTip: BlockNode
    @exclusivity(unchecked) var lastMatchedContainer: BlockNode
    /// Link reference definitions found so far, keyed by normalised label.
    @exclusivity(unchecked) var definitions: [String: RawDefinition] = [:]
    /// The source lines taken by link reference definitions.
    @exclusivity(unchecked) var definitionLines: [ClosedRange<Int>] = []

    /// Creates a parser over UTF-8 bytes (NUL already replaced).
    init(bytes: [UInt8]) {
        src = bytes
        document = BlockNode(kind: .document, line: 1, column: 1)
        tip = document
        oldTip = document
        lastMatchedContainer = document
    }

    /// Parses every line and closes every block; the result is in `document`.
    func parse() {
        var start = 0
        let count = src.count
        while start < count {
            var end = start
            while end < count, src[end] != 0x0A, src[end] != 0x0D { end += 1 }
            lineStart = start
            lineEnd = end
            incorporateLine()
            if end < count, src[end] == 0x0D, end + 1 < count, src[end + 1] == 0x0A {
                start = end + 2
            } else {
                start = end + 1
            }
        }
        while tip !== document { finalize(tip, line: lineNumber) }
        finalize(document, line: lineNumber)
    }

    // MARK: - Line cursor

    /// The byte at absolute index `i`, or nil past the end of the current line.
    @inline(__always) func peek(_ i: Int) -> UInt8? {
        i < lineEnd ? src[i] : nil
    }

    /// Finds the first non-space character from the offset and measures the indentation.
    func findNextNonspace() {
        var i = offset
        var cols = column
        while i < lineEnd {
            let c = src[i]
            if c == 0x20 {
                i += 1
                cols += 1
            } else if c == 0x09 {
                i += 1
                cols += 4 - cols % 4
            } else {
                break
            }
        }
        blank = i >= lineEnd
        nextNonspace = i
        nextNonspaceColumn = cols
        indent = cols - column
        indented = indent >= 4
    }

    /// Moves the offset forward by `count` characters, or by `count` columns when `columns`
    /// is set (a tab may then be consumed partially).
    func advanceOffset(_ count: Int, columns: Bool) {
        var count = count
        while count > 0, offset < lineEnd {
            if src[offset] == 0x09 {
                let charsToTab = 4 - column % 4
                if columns {
                    partiallyConsumedTab = charsToTab > count
                    let advance = min(charsToTab, count)
                    column += advance
                    offset += partiallyConsumedTab ? 0 : 1
                    count -= advance
                } else {
                    partiallyConsumedTab = false
                    column += charsToTab
                    offset += 1
                    count -= 1
                }
            } else {
                partiallyConsumedTab = false
                offset += 1
                column += 1
                count -= 1
            }
        }
    }

    /// Moves the offset to the next non-space character.
    func advanceNextNonspace() {
        offset = nextNonspace
        column = nextNonspaceColumn
        partiallyConsumedTab = false
    }

    // MARK: - Lines

    /// Feeds the current line to the open blocks.
    func incorporateLine() {
        var container = document
        oldTip = tip
        offset = lineStart
        column = 0
        blank = false
        partiallyConsumedTab = false
        lineNumber += 1

        while let last = container.children.last, last.isOpen {
            container = last
            findNextNonspace()
            switch continueBlock(container) {
            case .matched: continue
            case .failed:
                container = container.parent!
            case .lineDone:
                return
            }
            break
        }
        allClosed = container === oldTip
        lastMatchedContainer = container

        var matchedLeaf = container.kind != .paragraph && container.acceptsLines
        startLoop: while !matchedLeaf {
            findNextNonspace()
            if !indented, !mayStartBlock(peek(nextNonspace)) {
                advanceNextNonspace()
                break
            }
            switch startBlock(container) {
            case .none:
                advanceNextNonspace()
                break startLoop
            case .container:
                container = tip
            case .leaf:
                container = tip
                matchedLeaf = true
            }
        }

        if !allClosed, !blank, tip.kind == .paragraph {
            addLine()  // a lazy paragraph continuation
            return
        }
        closeUnmatchedBlocks()
        if blank, let last = container.children.last { last.lastLineBlank = true }
        let kind = container.kind
        let lastLineBlank =
            blank
            && !(kind == .blockQuote || (kind == .codeBlock && container.isFenced)
                || (kind == .item && container.children.isEmpty
                    && container.startLine == lineNumber))
        var cont: BlockNode? = container
        while let node = cont {
            node.lastLineBlank = lastLineBlank
            cont = node.parent
        }
        if container.acceptsLines {
            addLine()
            if kind == .htmlBlock, container.htmlType >= 1, container.htmlType <= 5,
                HTMLBlockRules.endsBlock(
                    type: container.htmlType, bytes: src, from: offset, to: lineEnd)
            {
                finalize(container, line: lineNumber)
            }
        } else if offset < lineEnd, !blank {
            _ = addChild(.paragraph, at: offset)
            advanceNextNonspace()
            addLine()
        }
    }

    /// Whether a line whose first non-space byte is `c` could start a block other than a
    /// paragraph.
    func mayStartBlock(_ c: UInt8?) -> Bool {
        guard let c else { return false }
        switch c {
        case UInt8(ascii: "#"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "<"),
            UInt8(ascii: ">"), UInt8(ascii: "-"):
            return true
        default:
            return c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
        }
    }

    /// Appends the rest of the current line to the tip's content.
    func addLine() {
        if partiallyConsumedTab {
            offset += 1
            let charsToTab = 4 - column % 4
            tip.content.append(contentsOf: repeatElement(0x20, count: charsToTab))
        }
        if tip.kind == .codeBlock, tip.isFenced, !tip.infoTaken {
            tip.infoTaken = true
            tip.info = Array(src[offset..<lineEnd])
            return
        }
        tip.content.append(contentsOf: src[offset..<lineEnd])
        tip.content.append(0x0A)
        tip.lineNumbers.append(lineNumber)
        tip.lineColumns.append(offset - lineStart + 1)
    }

    /// Closes the blocks left open by the previous line that this line did not continue.
    func closeUnmatchedBlocks() {
        guard !allClosed else { return }
        while oldTip !== lastMatchedContainer {
            let parent = oldTip.parent!
            finalize(oldTip, line: lineNumber - 1)
            oldTip = parent
        }
        allClosed = true
    }

    /// Adds a new block as the last child of the tip, closing blocks that cannot hold it;
    /// `offset` is the absolute byte index where it starts.
    func addChild(_ kind: BlockKind, at index: Int) -> BlockNode {
        while !tip.canContain(kind) { finalize(tip, line: lineNumber - 1) }
        let node = BlockNode(kind: kind, line: lineNumber, column: index - lineStart + 1)
        node.parent = tip
        node.depth = tip.depth + 1
        tip.children.append(node)
        tip = node
        return node
    }

    /// Closes a block at `line` and makes its parent the tip.
    func finalize(_ block: BlockNode, line: Int) {
        let above = block.parent
        block.isOpen = false
        block.endLine = line
        switch block.kind {
        case .paragraph: finalizeParagraph(block)
        case .codeBlock: finalizeCode(block)
        case .htmlBlock:
            if block.content.last == 0x0A { block.content.removeLast() }
        case .list: finalizeList(block)
        case .item, .blockQuote:
            if let last = block.children.last { block.endLine = max(last.endLine, block.startLine) }
        default: break
        }
        if let above { tip = above }
    }

    /// Takes link reference definitions off the start of a paragraph; removes the paragraph
    /// if nothing else is left.
    func finalizeParagraph(_ block: BlockNode) {
        if let last = block.lineNumbers.last { block.endLine = last }
        stripDefinitions(block)
        if block.content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }), let parent = block.parent {
            // A paragraph is closed as its container's last child: removing it costs O(1), so
            // a document of many definitions stays linear.
            if parent.children.last === block {
                parent.children.removeLast()
            } else {
                parent.children.removeAll { $0 === block }
            }
        }
    }

    /// Removes leading link reference definitions from a paragraph's content, recording them
    /// and moving the paragraph's start to its first remaining line.
    func stripDefinitions(_ block: BlockNode) {
        var consumed = 0
        let content = block.content
        var counter = LineCounter()
        while consumed < content.count, content[consumed] == UInt8(ascii: "[") {
            guard
                let (label, definition, end) = LinkSyntax.parseDefinition(
                    content, from: consumed)
            else { break }
            if definitions[label] == nil { definitions[label] = definition }
            let firstLine = counter.lineIndex(in: content, at: consumed)
            let lastLine = counter.lineIndex(in: content, at: max(consumed, end - 1))
            definitionLines.append(block.lineNumbers[firstLine]...block.lineNumbers[lastLine])
            consumed = end
        }
        guard consumed > 0 else { return }
        let removedLines = counter.lineIndex(in: content, at: consumed)
        block.content.removeFirst(consumed)
        let keep = min(removedLines, block.lineNumbers.count)
        block.lineNumbers.removeFirst(keep)
        block.lineColumns.removeFirst(keep)
        if let line = block.lineNumbers.first, let column = block.lineColumns.first {
            block.startLine = line
            block.startColumn = column
        }
    }

    /// Counts line endings in content read front to back, for increasing positions.
    struct LineCounter {
        private var position = 0
        private var lines = 0

        /// The 0-based index of the content line holding byte `index` (never less than the
        /// index asked before).
        mutating func lineIndex(in content: [UInt8], at index: Int) -> Int {
            while position < index, position < content.count {
                if content[position] == 0x0A { lines += 1 }
                position += 1
            }
            return lines
        }
    }

    /// Removes the trailing blank lines of an indented code block.
    func finalizeCode(_ block: BlockNode) {
        if block.isFenced {
            if block.closingLine == nil, let last = block.lineNumbers.last {
                block.endLine = last
            } else if block.closingLine == nil {
                block.endLine = block.startLine
            }
            return
        }
        var lines = block.lineNumbers.count
        var end = block.content.count
        while lines > 0 {
            var start = end - 1
            while start > 0, block.content[start - 1] != 0x0A { start -= 1 }
            let line = block.content[start..<(end - 1)]
            guard line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { break }
            end = start
            lines -= 1
        }
        block.content.removeSubrange(end...)
        block.lineNumbers.removeSubrange(lines...)
        block.lineColumns.removeSubrange(lines...)
        block.endLine = block.lineNumbers.last ?? block.startLine
    }

    /// Decides whether a list is tight.
    func finalizeList(_ block: BlockNode) {
        let items = block.children
        outer: for (index, item) in items.enumerated() {
            let hasNext = index + 1 < items.count
            if item.endsWithBlankLine, hasNext {
                block.listData.isTight = false
                break
            }
            for (subindex, sub) in item.children.enumerated()
            where sub.endsWithBlankLine && (hasNext || subindex + 1 < item.children.count) {
                block.listData.isTight = false
                break outer
            }
        }
        if let last = items.last { block.endLine = max(last.endLine, block.startLine) }
    }
}
