/// A `postgres://user:password@host:port/database` connection URL, as libpq takes it.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The URL as given, password included: pass it to libpq only.
    public let text: String

    /// Accepts `postgres://` and `postgresql://` URLs; nil for anything else.
    public init?(_ text: String) {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else { return nil }
        self.text = text
    }

    /// The URL with its password replaced by `***`: the only form that may be printed or saved.
    public var redacted: String {
        var text = self.text
        if let parameter = text.firstRange(of: "password=") {
            let end = text[parameter.upperBound...].firstIndex(of: "&") ?? text.endIndex
            text.replaceSubrange(parameter.upperBound..<end, with: "***")
        }
        guard let scheme = text.firstRange(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
            let colon = rest[..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<rest.index(after: colon)]) + "***" + String(text[at...])
    }

    public var description: String { redacted }
}
