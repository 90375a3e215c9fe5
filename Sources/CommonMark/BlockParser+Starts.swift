extension BlockParser {
    // MARK: - Continuation

    /// Checks whether the current line continues an open block, consuming its prefix.
    func continueBlock(_ container: BlockNode) -> Continuation {
        switch container.kind {
        case .document, .list:
            return .matched
        case .blockQuote:
            guard !indented, peek(nextNonspace) == UInt8(ascii: ">") else { return .failed }
            advanceNextNonspace()
            advanceOffset(1, columns: false)
            if let c = peek(offset), c == 0x20 || c == 0x09 { advanceOffset(1, columns: true) }
            return .matched
        case .item:
            if blank {
                if container.children.isEmpty { return .failed }
                advanceNextNonspace()
            } else if indent >= container.listData.markerOffset + container.listData.padding {
                advanceOffset(
                    container.listData.markerOffset + container.listData.padding, columns: true)
            } else {
                return .failed
            }
            return .matched
        case .heading, .thematicBreak:
            return .failed
        case .codeBlock:
            return continueCode(container)
        case .htmlBlock:
            return blank && (container.htmlType == 6 || container.htmlType == 7)
                ? .failed : .matched
        case .paragraph:
            return blank ? .failed : .matched
        }
    }

    /// Continues a code block: a closing fence ends a fenced block, and indentation (or a
    /// blank line) continues an indented one.
    func continueCode(_ container: BlockNode) -> Continuation {
        if container.isFenced {
            if indent <= 3, peek(nextNonspace) == container.fenceChar {
                var i = nextNonspace
                while i < lineEnd, src[i] == container.fenceChar { i += 1 }
                let length = i - nextNonspace
                var j = i
                while j < lineEnd, src[j] == 0x20 || src[j] == 0x09 { j += 1 }
                if length >= container.fenceLength, j == lineEnd {
                    container.closingLine = lineNumber
                    finalize(container, line: lineNumber)
                    return .lineDone
                }
            }
            var remaining = container.fenceOffset
            while remaining > 0, let c = peek(offset), c == 0x20 || c == 0x09 {
                advanceOffset(1, columns: true)
                remaining -= 1
            }
            return .matched
        }
        if indent >= 4 {
            advanceOffset(4, columns: true)
        } else if blank {
            advanceNextNonspace()
        } else {
            return .failed
        }
        return .matched
    }

    // MARK: - Block starts

    /// Tries each kind of block start in the spec's order of precedence.
    func startBlock(_ container: BlockNode) -> Start {
        let mayNest = container.depth < Self.maxNesting
        if !indented {
            let c = src[nextNonspace]
            switch c {
            case UInt8(ascii: ">") where mayNest:
                return startBlockQuote()
            case UInt8(ascii: "#"):
                if startATXHeading() { return .leaf }
            case UInt8(ascii: "`"), UInt8(ascii: "~"):
                if startFence() { return .leaf }
            case UInt8(ascii: "<"):
                if startHTMLBlock(container) { return .leaf }
            default: break
            }
            if container.kind == .paragraph, startSetextHeading(container) { return .leaf }
            if startThematicBreak() { return .leaf }
        }
        if mayNest, !indented || container.kind == .list, startListItem(container) {
            return .container
        }
        if indented, tip.kind != .paragraph, !blank {
            advanceOffset(4, columns: true)
            closeUnmatchedBlocks()
            _ = addChild(.codeBlock, at: offset)
            return .leaf
        }
        return .none
    }

    /// Starts a block quote at `>`.
    func startBlockQuote() -> Start {
        let start = nextNonspace
        advanceNextNonspace()
        advanceOffset(1, columns: false)
        if let c = peek(offset), c == 0x20 || c == 0x09 { advanceOffset(1, columns: true) }
        closeUnmatchedBlocks()
        _ = addChild(.blockQuote, at: start)
        return .container
    }

    /// Starts an ATX heading: 1 to 6 `#` followed by a space, a tab or the line end.
    func startATXHeading() -> Bool {
        var i = nextNonspace
        while i < lineEnd, src[i] == UInt8(ascii: "#") { i += 1 }
        let level = i - nextNonspace
        guard level <= 6, i == lineEnd || src[i] == 0x20 || src[i] == 0x09 else { return false }
        let start = nextNonspace
        closeUnmatchedBlocks()
        let node = addChild(.heading, at: start)
        node.level = level
        var contentStart = i
        var contentEnd = lineEnd
        while contentStart < contentEnd, src[contentStart] == 0x20 || src[contentStart] == 0x09 {
            contentStart += 1
        }
        while contentEnd > contentStart, src[contentEnd - 1] == 0x20 || src[contentEnd - 1] == 0x09 {
            contentEnd -= 1
        }
        // An optional closing sequence of `#` preceded by a space (or alone) is dropped.
        var hashes = contentEnd
        while hashes > contentStart, src[hashes - 1] == UInt8(ascii: "#") { hashes -= 1 }
        if hashes < contentEnd {
            if hashes == contentStart {
                contentEnd = contentStart
            } else if src[hashes - 1] == 0x20 || src[hashes - 1] == 0x09 {
                contentEnd = hashes
                while contentEnd > contentStart,
                    src[contentEnd - 1] == 0x20 || src[contentEnd - 1] == 0x09
                {
                    contentEnd -= 1
                }
            }
        }
        node.content = Array(src[contentStart..<contentEnd])
        node.lineNumbers = [lineNumber]
        node.lineColumns = [contentStart - lineStart + 1]
        offset = lineEnd
        return true
    }

    /// Starts a fenced code block: three or more backticks or tildes; a backtick fence's info
    /// string may not contain a backtick.
    func startFence() -> Bool {
        let fenceChar = src[nextNonspace]
        var i = nextNonspace
        while i < lineEnd, src[i] == fenceChar { i += 1 }
        let length = i - nextNonspace
        guard length >= 3 else { return false }
        if fenceChar == UInt8(ascii: "`") {
            var j = i
            while j < lineEnd {
                if src[j] == UInt8(ascii: "`") { return false }
                j += 1
            }
        }
        closeUnmatchedBlocks()
        let node = addChild(.codeBlock, at: nextNonspace)
        node.isFenced = true
        node.fenceLength = length
        node.fenceChar = fenceChar
        node.fenceOffset = indent
        advanceNextNonspace()
        advanceOffset(length, columns: false)
        return true
    }

    /// Starts an HTML block of one of the seven kinds the spec lists.
    func startHTMLBlock(_ container: BlockNode) -> Bool {
        let type = HTMLBlockRules.startType(bytes: src, from: nextNonspace, to: lineEnd)
        guard type > 0 else { return false }
        if type == 7 {
            let mayBeLazy = !allClosed && !blank && tip.kind == .paragraph
            if container.kind == .paragraph || mayBeLazy { return false }
        }
        closeUnmatchedBlocks()
        let node = addChild(.htmlBlock, at: offset)
        node.startColumn = nextNonspace - lineStart + 1
        node.htmlType = type
        return true
    }

    /// Turns a paragraph into a setext heading when the line is a run of `=` or `-`.
    func startSetextHeading(_ container: BlockNode) -> Bool {
        let c = src[nextNonspace]
        guard c == UInt8(ascii: "=") || c == UInt8(ascii: "-") else { return false }
        var i = nextNonspace
        while i < lineEnd, src[i] == c { i += 1 }
        while i < lineEnd, src[i] == 0x20 || src[i] == 0x09 { i += 1 }
        guard i == lineEnd else { return false }
        closeUnmatchedBlocks()
        stripDefinitions(container)
        guard !container.content.isEmpty else { return false }
        container.kind = .heading
        container.isSetext = true
        container.level = c == UInt8(ascii: "=") ? 1 : 2
        if container.content.last == 0x0A { container.content.removeLast() }
        trimTrailingWhitespace(&container.content)
        container.isOpen = true
        tip = container
        offset = lineEnd
        return true
    }

    /// Removes trailing spaces, tabs and newlines.
    func trimTrailingWhitespace(_ bytes: inout [UInt8]) {
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A {
            bytes.removeLast()
        }
    }

    /// Starts a thematic break: three or more `*`, `-` or `_`, with only spaces or tabs between.
    func startThematicBreak() -> Bool {
        let c = src[nextNonspace]
        guard c == UInt8(ascii: "*") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") else {
            return false
        }
        var count = 0
        var i = nextNonspace
        while i < lineEnd {
            let b = src[i]
            if b == c {
                count += 1
            } else if b != 0x20 && b != 0x09 {
                return false
            }
            i += 1
        }
        guard count >= 3 else { return false }
        let start = nextNonspace
        closeUnmatchedBlocks()
        _ = addChild(.thematicBreak, at: start)
        offset = lineEnd
        return true
    }

    /// Starts a list item (and a list, when the tip is not a matching list).
    func startListItem(_ container: BlockNode) -> Bool {
        let start = nextNonspace
        guard let data = parseListMarker(container) else { return false }
        closeUnmatchedBlocks()
        if tip.kind != .list || !tip.listData.matches(data) {
            let list = addChild(.list, at: start)
            list.listData = data
        }
        let item = addChild(.item, at: start)
        item.listData = data
        return true
    }

    /// Reads a bullet (`-`, `+`, `*`) or ordered (`1.`, `2)`) list marker and the spaces
    /// after it, advancing to the item's content.
    func parseListMarker(_ container: BlockNode) -> ListData? {
        guard indent < 4 else { return nil }
        var data = ListData()
        data.markerOffset = indent
        let c = src[nextNonspace]
        var markerLength = 0
        if c == UInt8(ascii: "*") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            data.bulletChar = c
            markerLength = 1
        } else if isDigit(c) {
            var i = nextNonspace
            var value = 0
            while i < lineEnd, i - nextNonspace < 9, isDigit(src[i]) {
                value = value * 10 + Int(src[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i < lineEnd, src[i] == UInt8(ascii: ".") || src[i] == UInt8(ascii: ")") else {
                return nil
            }
            guard container.kind != .paragraph || value == 1 else { return nil }
            data.isOrdered = true
            data.start = value
            data.delimiter = src[i]
            markerLength = i - nextNonspace + 1
        } else {
            return nil
        }
        let after = nextNonspace + markerLength
        if after < lineEnd, src[after] != 0x20, src[after] != 0x09 { return nil }
        if container.kind == .paragraph {
            var j = after
            while j < lineEnd, src[j] == 0x20 || src[j] == 0x09 { j += 1 }
            if j == lineEnd { return nil }
        }
        advanceNextNonspace()
        advanceOffset(markerLength, columns: true)
        let spacesStartColumn = column
        let spacesStartOffset = offset
        repeat {
            advanceOffset(1, columns: true)
        } while column - spacesStartColumn < 5 && isSpaceOrTab(peek(offset))
        let blankItem = peek(offset) == nil
        let spacesAfter = column - spacesStartColumn
        if spacesAfter >= 5 || spacesAfter < 1 || blankItem {
            data.padding = markerLength + 1
            column = spacesStartColumn
            offset = spacesStartOffset
            if isSpaceOrTab(peek(offset)) { advanceOffset(1, columns: true) }
        } else {
            data.padding = markerLength + spacesAfter
        }
        return data
    }

    /// Whether a byte is an ASCII digit.
    @inline(__always) func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    /// Whether a byte is a space or a tab (false for nil, the line end).
    @inline(__always) func isSpaceOrTab(_ c: UInt8?) -> Bool {
        c == 0x20 || c == 0x09
    }
}
