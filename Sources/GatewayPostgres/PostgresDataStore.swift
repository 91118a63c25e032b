import GatePostgres
import GatewayService

/// Seeded waves on a PostgreSQL server: one schema per (plan, seed, schema version), loaded with
/// `COPY` from the wave's seeded SQLite file (so both engines hold the same rows) and then reused.
///
/// A load runs in one transaction that ends by renaming its schema into place: an interrupted
/// load leaves nothing a later run would reuse. A schema is reused only after its manifest matches
/// the plan and every table's row count matches it; otherwise it is dropped and loaded again.
public struct PostgresDataStore: Sendable {
    /// A ready schema.
    public struct Database: Sendable {
        /// The schema holding the wave's tables.
        public let schema: String
        public let manifest: Manifest
        /// True when this call loaded the schema; false when an existing one was verified and reused.
        public let wasLoaded: Bool
        /// Seconds spent loading (0 when reused).
        public let loadingSeconds: Double
    }

    public let url: PostgresURL

    public init(url: PostgresURL) {
        self.url = url
    }

    /// A new connection whose tables are those of `database`.
    public func connect(to database: Database) throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection(url: url)
        try connection.execute("SET search_path = \(database.schema)")
        return connection
    }

    /// The schema for `plan`: the verified existing one, or one loaded now from `seeded`.
    public func database(
        for plan: SeedPlan, from seeded: DataStore.Database, rebuild: Bool = false,
        progress: @escaping (Seeder.Progress) -> Void = { _ in }
    ) throws -> Database {
        let connection = try PostgresConnection(url: url)
        let schema = PostgresSchema.name(for: plan)
        if !rebuild, let manifest = try Self.verifiedManifest(in: schema, plan: plan, connection: connection) {
            return Database(schema: schema, manifest: manifest, wasLoaded: false, loadingSeconds: 0)
        }
        let start = ContinuousClock.now
        try load(seeded, of: plan, into: schema, connection: connection, progress: progress)
        let elapsed = ContinuousClock.now - start
        return Database(
            schema: schema, manifest: seeded.manifest, wasLoaded: true,
            seconds: elapsed)
    }

    /// The manifest of `schema` if it matches `plan` and every counted table holds its recorded rows.
    static func verifiedManifest(
        in schema: String, plan: SeedPlan, connection: PostgresConnection
    ) throws(PostgresError) -> Manifest? {
        let rows: PostgresRows
        do {
            rows = try connection.query("SELECT key, value FROM \(schema).gatebench_manifest")
        } catch where error.kind == .statement {
            return nil  // no such schema or table: load it
        }
        var values: [String: String] = [:]
        for row in 0..<rows.count { values[rows.string(row, 0)] = rows.string(row, 1) }
        guard let manifest = Manifest(rows: values), manifest.label == plan.label, manifest.seed == plan.seed,
            manifest.schemaVersion == Schema.version
        else { return nil }
        for table in Manifest.countedTables {
            let count = try connection.query("SELECT count(*) FROM \(schema).\(table)")
            guard count.count == 1, Int(count.int64(0, 0)) == manifest.rowCounts[table] else { return nil }
        }
        return manifest
    }

    /// Loads every table of `seeded` into a new schema and renames it to `schema`, in one transaction
    /// that also drops any other version of the wave's schema.
    private func load(
        _ seeded: DataStore.Database, of plan: SeedPlan, into schema: String, connection: PostgresConnection,
        progress: (Seeder.Progress) -> Void
    ) throws {
        let source = try SQLiteConnection(path: seeded.path, readOnly: true)
        let loading = schema + "_load"
        let totalRows = max(1, seeded.manifest.rowCounts.values.reduce(0, +))
        var copiedRows = 0
        try connection.transaction {
            // Index builds sort in memory up to this much; the load owns its transaction's settings only.
            try connection.execute(
                """
                SET LOCAL maintenance_work_mem = '512MB';
                DROP SCHEMA IF EXISTS \(loading) CASCADE;
                CREATE SCHEMA \(loading);
                SET LOCAL search_path = \(loading);
                """)
            for table in PostgresSchema.tables {
                try connection.execute("CREATE TABLE \(table.name) (\(table.create))")
                // FREEZE: the table is new in this transaction, so rows are written already frozen
                // (no later vacuum rewrites them), and with wal_level = minimal not logged at all.
                try connection.copy("COPY \(table.name) (\(table.columns)) FROM STDIN (FREEZE)") { writer in
                    let rows = try source.prepare("SELECT \(table.columns) FROM \(table.name)")
                    while try rows.step() {
                        for column in 0..<rows.columnCount {
                            switch rows.columnType(at: column) {
                            case .integer: writer.append(rows.int64(at: column))
                            case .real: writer.append(rows.double(at: column))
                            case .null: writer.appendNull()
                            case .text, .blob: rows.withText(at: column) { writer.append(text: $0) }
                            }
                        }
                        try writer.endRow()
                        copiedRows += 1
                        if copiedRows % 65_536 == 0 {
                            progress(Seeder.Progress(phase: table.name, fraction: Double(copiedRows) / Double(totalRows)))
                        }
                    }
                }
            }
            progress(Seeder.Progress(phase: "indexes", fraction: 1))
            try connection.execute(PostgresSchema.indexes)
            try connection.execute("ANALYZE " + PostgresSchema.tables.map(\.name).joined(separator: ", "))
            // Older versions of this wave (another schema version or revision) go with it.
            let prefix = PostgresSchema.namePrefix(for: plan)
            let versions = try connection.query(
                "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '\(prefix)') AND nspname <> '\(loading)'")
            for row in 0..<versions.count { try connection.execute("DROP SCHEMA \(versions.string(row, 0)) CASCADE") }
            try connection.execute("ALTER SCHEMA \(loading) RENAME TO \(schema)")
        }
    }
}

extension PostgresDataStore.Database {
    init(schema: String, manifest: Manifest, wasLoaded: Bool, seconds: Duration) {
        self.init(
            schema: schema, manifest: manifest, wasLoaded: wasLoaded,
            loadingSeconds: Double(seconds.components.seconds) + Double(seconds.components.attoseconds) * 1e-18)
    }
}
