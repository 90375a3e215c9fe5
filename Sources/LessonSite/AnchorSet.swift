/// The `id`s already given out on one page, so every anchor is unique.
struct AnchorSet {
    private var used: Set<String> = []
    /// For each slug claimed more than once, the suffix number to try next: a page of many
    /// headings of one name costs linear time, not a search from `-2` for each.
    private var nextSuffix: [String: Int] = [:]

    /// Reserves ids the page uses for its own elements.
    init(reserved: [String] = ["content", "search", "search-results"]) {
        used = Set(reserved)
    }

    /// A unique id built from `text`: lower-case letters, digits and dashes, with `-2`, `-3`
    /// … appended when taken.
    mutating func claim(_ text: String) -> String {
        let base = Self.slug(text)
        var candidate = base
        var counter = nextSuffix[base] ?? 2
        while used.contains(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        if candidate != base { nextSuffix[base] = counter }
        used.insert(candidate)
        return candidate
    }

    /// `Why it matters?` becomes `why-it-matters`.
    static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) || character == "_" {
                out.append(character)
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}
