/// One HTTP header field: a name and its value, as received or to be sent.
public struct HTTPHeader: Sendable, Equatable {
    /// The field name, e.g. `Content-Length` (compare names case-insensitively).
    public var name: String
    /// The field value with surrounding whitespace removed.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension [HTTPHeader] {
    /// The value of the first field called `name` (case-insensitive), or nil.
    public func first(named name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}
