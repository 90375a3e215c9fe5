/// Percent-encodes link destinations the way the reference implementations do: characters
/// outside a safe set become `%XX`, and existing `%XX` escapes are kept.
enum URLNormalizer {
    /// Whether a byte passes through unencoded.
    static let safe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(c)] = true }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = true }
        for c in ";/?:@&=+$,-_.!~*'()#".utf8 { table[Int(c)] = true }
        return table
    }()

    /// The hexadecimal digits used for escapes.
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Returns `url` with unsafe bytes percent-encoded.
    static func normalize(_ url: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(url.count)
        var i = 0
        while i < url.count {
            let c = url[i]
            if safe[Int(c)] {
                out.append(c)
            } else if c == UInt8(ascii: "%"), i + 2 < url.count,
                CharacterReference.digitValue(url[i + 1], hex: true) != nil,
                CharacterReference.digitValue(url[i + 2], hex: true) != nil
            {
                out.append(c)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(c >> 4)])
                out.append(hexDigits[Int(c & 15)])
            }
            i += 1
        }
        return out
    }
}
