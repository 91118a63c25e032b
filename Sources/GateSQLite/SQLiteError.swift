/// An SQLite failure, with SQLite's own message and the statement that failed.
///
/// Prints like GRDB's errors: `SQLite error 19: NOT NULL constraint failed: tools.name - while executing `INSERT …``.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary or extended result code.
    public let code: Int32
    /// `sqlite3_errmsg` at the time of the failure, or `sqlite3_errstr(code)`.
    public let message: String
    /// The SQL being prepared or run, when known.
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " - while executing `\($0)`" } ?? "")
    }
}
