/// A PostgreSQL failure, with the server's message and SQLSTATE when it sent one.
///
/// Messages never carry the password of the URL that was used (see `PostgresURL.redacted`).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure: the command line maps `.connection` to exit 4.
    public enum Kind: Sendable, Equatable {
        /// The server could not be reached, refused the credentials, or is of an unsupported version.
        case connection
        /// A statement failed.
        case statement
    }

    public let kind: Kind
    public let message: String
    /// The five-character SQLSTATE, e.g. `42P01` (undefined table); empty when none was sent.
    public let sqlState: String
    /// The statement that failed, when there was one.
    public let sql: String?

    public init(kind: Kind, message: String, sqlState: String = "", sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.sql = sql
    }

    public var description: String {
        var text = message
        if !sqlState.isEmpty { text += " (SQLSTATE \(sqlState))" }
        if let sql { text += " in: \(sql.split(separator: "\n").first.map(String.init) ?? sql)" }
        return text
    }
}
