import CLibPQ

/// One PostgreSQL connection through libpq, the server's own C client.
///
/// libpq rather than postgres-nio: it costs no build time (a system library, like SQLite), and a
/// query is one blocking round trip on the calling thread, with no event-loop hop; docs/postgres.md
/// gives the measurement. One thread at a time uses a connection (the `@unchecked Sendable` below):
/// each service owns one, and each benchmark opens its own.
///
/// ```swift
/// let db = try PostgresConnection(url: url)
/// let teams = try db.prepare("SELECT team_id FROM team_members WHERE user_email = $1")
/// ```
public final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer
    /// The URL, for messages (print `url.redacted`).
    public let url: PostgresURL
    private var statementCount = 0

    /// The oldest server accepted: 12 (generated columns, `COPY … FREEZE` in one transaction).
    public static let minimumServerVersion = 120_000

    /// Connects, or throws a `.connection` error naming the URL without its password. An
    /// unreachable host fails after 10 s unless the URL sets its own `connect_timeout`.
    public init(url: PostgresURL) throws(PostgresError) {
        let text = url.text.contains("connect_timeout=") ? url.text
            : url.text + (url.text.contains("?") ? "&" : "?") + "connect_timeout=10"
        guard let handle = PQconnectdb(text) else {
            throw PostgresError(kind: .connection, message: "cannot connect to \(url.redacted): out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = Self.trimmed(PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(kind: .connection, message: "cannot connect to \(url.redacted): \(reason)")
        }
        let version = Int(PQserverVersion(handle))
        guard version >= Self.minimumServerVersion else {
            PQfinish(handle)
            throw PostgresError(
                kind: .connection,
                message: "\(url.redacted) runs PostgreSQL \(version / 10_000); gatebench needs 12 or newer")
        }
        self.handle = handle
        self.url = url
        try execute("SET client_min_messages = warning")
    }

    deinit {
        PQfinish(handle)
    }

    /// Runs one or more statements that return no rows we read (simple-query protocol).
    public func execute(_ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs a query that returns rows, with no parameters (simple-query protocol).
    public func query(_ sql: String) throws(PostgresError) -> PostgresRows {
        let result = PQexec(handle, sql)
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return PostgresRows(result!)
    }

    /// Prepares `sql` (parameters `$1`, `$2`, …) on the server once, for any number of executions.
    public func prepare(_ sql: String) throws(PostgresError) -> PreparedQuery {
        statementCount += 1
        let name = "gatebench_\(statementCount)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, sql: sql)
        return PreparedQuery(name: name, sql: sql, connection: self)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Throws unless `result` reports success; a lost connection is a `.connection` error.
    func check(_ result: OpaquePointer?, sql: String?) throws(PostgresError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN: return
        default:
            let message = result.map { Self.trimmed(PQresultErrorMessage($0)) } ?? ""
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
            if PQstatus(handle) != CONNECTION_OK {
                throw PostgresError(
                    kind: .connection,
                    message: "lost the connection to \(url.redacted): \(message.isEmpty ? Self.trimmed(PQerrorMessage(handle)) : message)",
                    sqlState: state, sql: sql)
            }
            throw PostgresError(
                kind: .statement, message: message.isEmpty ? Self.trimmed(PQerrorMessage(handle)) : message,
                sqlState: state, sql: sql)
        }
    }

    /// A libpq message without its trailing newline (libpq ends every message with one).
    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        var text = Substring(String(cString: message))
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
