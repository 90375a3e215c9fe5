extension InlineParser {
    /// Pushes a `[` or `![` onto the bracket stack, as text until a `]` matches it.
    mutating func openBracket(tokenStart: Int, labelStart: Int, length: Int, isImage: Bool) {
        let token = tokens.count
        tokens.append(InlineToken(kind: .bracket, start: tokenStart, end: tokenStart + length))
        if !brackets.isEmpty { brackets[brackets.count - 1].bracketAfter = true }
        brackets.append(
            Bracket(
                token: token, previousDelimiter: top, labelStart: labelStart, isImage: isImage))
        pos = tokenStart + length
    }

    /// A `]`: closes a link or image when an inline destination or a defined reference
    /// follows, or is text.
    mutating func parseCloseBracket() {
        let closeStart = pos
        pos += 1
        let afterClose = pos
        guard let opener = brackets.last else {
            appendText(closeStart, afterClose)
            return
        }
        guard opener.isActive else {
            brackets.removeLast()
            appendText(closeStart, afterClose)
            return
        }
        var target = inlineTarget()
        if target == nil {
            pos = afterClose
            target = referenceTarget(opener: opener, closeStart: closeStart)
        }
        guard let target else {
            brackets.removeLast()
            pos = afterClose
            appendText(closeStart, afterClose)
            return
        }
        let index = links.count
        links.append(target)
        tokens[opener.token].kind = opener.isImage ? .imageOpen : .linkOpen
        tokens[opener.token].payload = index
        tokens.append(
            InlineToken(
                kind: opener.isImage ? .imageClose : .linkClose, start: pos, end: pos,
                payload: index))
        processEmphasis(stackBottom: opener.previousDelimiter)
        brackets.removeLast()
        if !opener.isImage {
            for k in brackets.indices where !brackets[k].isImage { brackets[k].isActive = false }
        }
    }

    /// Reads `(destination "title")` after a `]`, advancing past it; nil if there is none.
    mutating func inlineTarget() -> RawDefinition? {
        guard pos < end, s[pos] == UInt8(ascii: "(") else { return nil }
        let destinationStart = LinkSyntax.skipSpaceAndNewline(s, pos + 1, end)
        guard
            let (destination, destinationEnd) = LinkSyntax.scanDestination(
                s, destinationStart, end)
        else { return nil }
        var j = LinkSyntax.skipSpaceAndNewline(s, destinationEnd, end)
        var title: [UInt8]?
        if j != destinationEnd, let (value, titleEnd) = LinkSyntax.scanTitle(s, j, end) {
            title = value
            j = LinkSyntax.skipSpaceAndNewline(s, titleEnd, end)
        }
        guard j < end, s[j] == UInt8(ascii: ")") else { return nil }
        pos = j + 1
        return RawDefinition(destination: destination, title: title)
    }

    /// Resolves a full (`[text][label]`), collapsed (`[text][]`) or shortcut (`[text]`)
    /// reference after a `]`, advancing past the second label if one is used.
    mutating func referenceTarget(opener: Bracket, closeStart: Int) -> RawDefinition? {
        let afterClose = pos
        let labelEnd = LinkSyntax.scanLabel(s, pos, end)
        let label: String?
        if let labelEnd, labelEnd - pos > 2 {
            label = LinkSyntax.normalizeLabel(s, pos + 1, labelEnd - 1)
            pos = labelEnd
        } else {
            if let labelEnd { pos = labelEnd } else { pos = afterClose }
            label =
                opener.bracketAfter
                ? nil : LinkSyntax.normalizeLabel(s, opener.labelStart + 1, closeStart)
        }
        guard let label, let definition = definitions[label] else { return nil }
        return RawDefinition(
            destination: Array(definition.destination.utf8),
            title: definition.title.map { Array($0.utf8) })
    }
}
