/// Inserts rows `rowsPerStatement` at a time with one multi-row `INSERT … VALUES (…), (…)`,
/// which halves the per-row statement overhead of the 5M-row tables.
///
/// Rows are buffered as values and bound when a batch is full (bytes are copied by SQLite, so a
/// reused e-mail buffer is safe); `finish()` writes the remainder with a statement of its size.
final class BatchInsert<Row> {
    private let connection: SQLiteConnection
    private let prefix: String
    private let placeholders: String
    private let columnsPerRow: Int32
    private let rowsPerStatement: Int
    private let bind: (Statement, Row, _ firstIndex: Int32) -> Void
    private let full: Statement
    private var pending: [Row] = []

    /// - Parameters:
    ///   - prefix: `INSERT INTO table (a, b, c) VALUES`.
    ///   - columnsPerRow: Parameters per row.
    ///   - bind: Binds one row's values starting at parameter `firstIndex`.
    init(
        _ connection: SQLiteConnection, _ prefix: String, columnsPerRow: Int, rowsPerStatement: Int = 64,
        bind: @escaping (Statement, Row, Int32) -> Void
    ) throws(SQLiteError) {
        self.connection = connection
        self.prefix = prefix
        self.placeholders = "(" + Array(repeating: "?", count: columnsPerRow).joined(separator: ", ") + ")"
        self.columnsPerRow = Int32(columnsPerRow)
        self.rowsPerStatement = rowsPerStatement
        self.bind = bind
        full = try connection.prepare(Self.sql(prefix, placeholders, rows: rowsPerStatement))
        pending.reserveCapacity(rowsPerStatement)
    }

    private static func sql(_ prefix: String, _ placeholders: String, rows: Int) -> String {
        prefix + " " + Array(repeating: placeholders, count: rows).joined(separator: ", ")
    }

    func append(_ row: Row) throws(SQLiteError) {
        pending.append(row)
        if pending.count == rowsPerStatement { try flush(full) }
    }

    /// Writes the rows still buffered.
    func finish() throws(SQLiteError) {
        guard !pending.isEmpty else { return }
        try flush(try connection.prepare(Self.sql(prefix, placeholders, rows: pending.count)))
    }

    private func flush(_ statement: Statement) throws(SQLiteError) {
        for (offset, row) in pending.enumerated() { bind(statement, row, Int32(offset) * columnsPerRow + 1) }
        try statement.run()
        pending.removeAll(keepingCapacity: true)
    }
}
