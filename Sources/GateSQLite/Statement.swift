import CSQLite

/// `SQLITE_TRANSIENT`: SQLite copies the bound bytes. The C macro is a pointer cast Swift cannot import.
let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A prepared statement, reused across executions: bind, step, read columns by index, reset.
///
/// Columns are read by index with no per-row allocation but the values themselves; this is
/// the hot path of every listing, so there is no name lookup and no `Row` dictionary.
public final class Statement {
    let handle: OpaquePointer
    let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The statement's SQL text.
    public var sql: String { String(cString: sqlite3_sql(handle)) }

    /// Resets the statement and clears its bindings, ready for the next execution.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds an integer to the 1-based parameter `index`.
    public func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds an integer to the 1-based parameter `index`.
    public func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    /// Binds a double to the 1-based parameter `index`.
    public func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    /// Binds text (copied by SQLite), or NULL for nil.
    public func bind(_ value: String?, at index: Int32) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), SQLITE_TRANSIENT)
        }
    }

    /// Binds NULL.
    public func bindNull(at index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Binds UTF-8 bytes that stay valid and unchanged until the next `step()` (no copy: `SQLITE_STATIC`).
    public func bindStatic(utf8 bytes: UnsafeRawBufferPointer, at index: Int32) {
        sqlite3_bind_text(handle, index, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    /// Binds UTF-8 bytes, copied by SQLite (`SQLITE_TRANSIENT`): the buffer may change right after.
    public func bindCopy(utf8 bytes: UnsafeRawBufferPointer, at index: Int32) {
        sqlite3_bind_text(
            handle, index, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), SQLITE_TRANSIENT)
    }

    /// Advances to the next row; false when done. The corresponding C function is `sqlite3_step`.
    public func step() throws(SQLiteError) -> Bool {
        let status = sqlite3_step(handle)
        if status == SQLITE_ROW { return true }
        if status == SQLITE_DONE { return false }
        let error = connection.error(status, sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    /// Runs a statement that returns no rows, then resets it.
    public func run() throws(SQLiteError) {
        defer { reset() }
        while try step() {}
    }

    /// The first column of the first row as an integer, then resets.
    public func singleInt64() throws(SQLiteError) -> Int64? {
        defer { reset() }
        return try step() ? int64(at: 0) : nil
    }

    /// Columns in each result row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// Integer column `index` (0-based) of the current row.
    public func int64(at index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// Double column `index` of the current row.
    public func double(at index: Int32) -> Double {
        sqlite3_column_double(handle, index)
    }

    /// True when column `index` of the current row is NULL.
    public func isNull(at index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Text column `index` of the current row ("" for NULL).
    public func string(at index: Int32) -> String {
        guard let text = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The first byte of text column `index` (0 for NULL or empty).
    public func firstByte(at index: Int32) -> UInt8 {
        guard let text = sqlite3_column_text(handle, index), sqlite3_column_bytes(handle, index) > 0 else { return 0 }
        return text.pointee
    }

    /// The length in bytes of text column `index`.
    public func byteCount(at index: Int32) -> Int {
        Int(sqlite3_column_bytes(handle, index))
    }

    /// Text column `index`, or nil for NULL.
    public func optionalString(at index: Int32) -> String? {
        isNull(at: index) ? nil : string(at: index)
    }

    /// Real column `index`, or nil for NULL.
    public func optionalDouble(at index: Int32) -> Double? {
        isNull(at: index) ? nil : double(at: index)
    }

    /// Integer column `index`, or nil for NULL.
    public func optionalInt64(at index: Int32) -> Int64? {
        isNull(at: index) ? nil : int64(at: index)
    }

    /// The storage class of column `index` in the current row.
    public enum ColumnType: Sendable { case integer, real, text, blob, null }

    /// The storage class of column `index` in the current row (SQLite types values, not columns).
    public func columnType(at index: Int32) -> ColumnType {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_NULL: .null
        case SQLITE_BLOB: .blob
        default: .text
        }
    }

    /// Calls `body` with the bytes of text column `index`, valid only during the call (no copy).
    public func withText<R>(at index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeRawBufferPointer(start: sqlite3_column_text(handle, index), count: count))
    }
}
