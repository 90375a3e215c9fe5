import CommonMark

/// The two escape functions every piece of text in the site goes through, plus the few
/// helpers that build on them. Anything not passed through `text` or `attribute` is raw HTML
/// the site itself wrote.
package enum HTML {
    /// Escapes text for element content: `&`, `<` and `>` (CommonMark's escaper, without quotes).
    package static func text(_ value: String) -> String {
        HTMLEscaping.escape(value, quotes: .none)
    }

    /// Escapes text for a double- or single-quoted attribute value: `&`, `<`, `>`, `"`, `'`.
    package static func attribute(_ value: String) -> String {
        HTMLEscaping.escape(value, quotes: .both)
    }

    /// Undoes the escaping CommonMark applies to code block content (`&amp;`, `&lt;`, `&gt;`,
    /// `&quot;`), giving back the code as written.
    package static func unescapeCode(_ html: Substring) -> String {
        decodeEntities(String(html))
    }

    /// The visible text of an HTML fragment: tags dropped, common entities decoded, runs of
    /// white space collapsed. Used for search entries, heading anchors and page titles.
    package static func plainText(_ html: String) -> String {
        var out = ""
        var inTag = false
        var lastWasSpace = true
        for character in html {
            if inTag {
                if character == ">" { inTag = false }
                continue
            }
            if character == "<" {
                inTag = true
                continue
            }
            if character.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return decodeEntities(out)
    }

    /// Decodes the entities the renderers produce: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`
    /// and `&nbsp;`; anything else is left as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let names: [(String, Character)] = [
            ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"),
            ("&nbsp;", " "),
        ]
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            rest = rest[ampersand...]
            if let (name, character) = names.first(where: { rest.hasPrefix($0.0) }) {
                out.append(character)
                rest = rest.dropFirst(name.count)
            } else {
                out.append("&")
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    /// A string as a JSON string literal, with `<`, `>` and `&` written as `\u` escapes so the
    /// result is also safe inside an HTML `<script>` element.
    package static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
