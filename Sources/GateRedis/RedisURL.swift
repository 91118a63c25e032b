/// A `redis://[:password@]host[:port][/db]` URL.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int32
    public let password: String?
    public let database: Int

    /// Parses the URL; nil when it is not one.
    public init?(_ text: String) {
        guard text.hasPrefix("redis://") else { return nil }
        var rest = Substring(text.dropFirst("redis://".count))
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            guard let number = Int(rest[rest.index(after: slash)...].isEmpty ? "0" : rest[rest.index(after: slash)...]),
                number >= 0
            else { return nil }
            database = number
            rest = rest[..<slash]
        }
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            password = credentials.firstIndex(of: ":").map { String(credentials[credentials.index(after: $0)...]) }
            rest = rest[rest.index(after: at)...]
        }
        var port: Int32 = 6379
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int32(rest[rest.index(after: colon)...]), (1...65_535).contains(number) else { return nil }
            port = number
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        self.host = String(rest)
        self.port = port
        self.password = password.flatMap { $0.isEmpty ? nil : $0 }
        self.database = database
    }

    /// The URL with its password replaced by `***`: the only form that may be printed or saved.
    public var redacted: String {
        "redis://\(password == nil ? "" : ":***@")\(host):\(port)/\(database)"
    }

    public var description: String { redacted }
}
