import CSQLite

/// One SQLite database connection.
///
/// ```swift
/// let db = try SQLiteConnection(path: "gateway.sqlite")
/// let count = try db.prepare("SELECT count(*) FROM tools").singleInt64()
/// ```
/// A connection is opened in multi-thread mode (`SQLITE_OPEN_NOMUTEX`): it must be used by one
/// thread at a time. The services that own one are used serially; that is what makes the
/// `@unchecked Sendable` below sound.
public final class SQLiteConnection: @unchecked Sendable {
    let handle: OpaquePointer
    /// The file this connection opened.
    public let path: String
    /// Kept alive while installed as this connection's busy handler.
    var busyWaitMeter: BusyWaitMeter?
    /// `BEGIN IMMEDIATE`, `COMMIT` and `ROLLBACK`, prepared on first use.
    private var transactionStatements: (begin: OpaquePointer, commit: OpaquePointer, rollback: OpaquePointer)?

    /// SQLite's memory statistics take a global mutex per allocation; nothing here reads them.
    private static let memoryStatisticsDisabled: Void = {
        _ = CSQLite_disable_memory_statistics()
    }()

    /// The SQLite library's version, e.g. `3.40.1`.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Opens (and with `create`, creates) the database at `path`.
    public init(path: String, readOnly: Bool = false, create: Bool = false) throws(SQLiteError) {
        Self.memoryStatisticsDisabled
        var flags = SQLITE_OPEN_NOMUTEX | (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
        if create { flags |= SQLITE_OPEN_CREATE }
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(handle)
            throw SQLiteError(code: status, message: "\(message) (\(path))")
        }
        sqlite3_extended_result_codes(handle, 1)
        self.handle = handle
        self.path = path
        // Memory-mapped reads (clamped by SQLite to its compile-time maximum): an enterprise listing
        // touches ~65 MB of rows, which the default 2 MB page cache re-read with pread on every query
        // (11 s of system time in a 20 s run, measured).
        try execute("PRAGMA mmap_size = 17179869184")
    }

    deinit {
        if let statements = transactionStatements {
            sqlite3_finalize(statements.begin)
            sqlite3_finalize(statements.commit)
            sqlite3_finalize(statements.rollback)
        }
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows. The corresponding C function is `sqlite3_exec`.
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard status == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: status, message: message, sql: sql)
        }
    }

    /// Compiles `sql` into a reusable statement. The corresponding C function is `sqlite3_prepare_v3`
    /// with `SQLITE_PREPARE_PERSISTENT` (the statement is meant to be kept and reused).
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        Statement(handle: try prepareHandle(sql), connection: self)
    }

    /// A compiled statement the caller finalizes.
    private func prepareHandle(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        return statement
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let statements = try preparedTransactionStatements()
        try run(statements.begin, "BEGIN IMMEDIATE")
        do {
            let value = try body()
            try run(statements.commit, "COMMIT")
            return value
        } catch {
            try? run(statements.rollback, "ROLLBACK")
            throw error
        }
    }

    private func preparedTransactionStatements() throws(SQLiteError) -> (begin: OpaquePointer, commit: OpaquePointer, rollback: OpaquePointer) {
        if let statements = transactionStatements { return statements }
        let statements = (
            begin: try prepareHandle("BEGIN IMMEDIATE"), commit: try prepareHandle("COMMIT"),
            rollback: try prepareHandle("ROLLBACK"))
        transactionStatements = statements
        return statements
    }

    /// Steps a statement that returns no rows, then resets it for the next use.
    private func run(_ statement: OpaquePointer, _ sql: String) throws(SQLiteError) {
        let status = sqlite3_step(statement)
        let failure = status == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(handle))
        sqlite3_reset(statement)
        if let failure { throw SQLiteError(code: status, message: failure, sql: sql) }
    }

    /// Whether a transaction is open on this connection (SQLite's autocommit mode is off).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The statements of this connection that are still stepping (not reset); tests assert none are left.
    public var busyStatementCount: Int {
        var count = 0
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            if sqlite3_stmt_busy(current) != 0 { count += 1 }
            statement = sqlite3_next_stmt(handle, current)
        }
        return count
    }

    func error(_ status: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
