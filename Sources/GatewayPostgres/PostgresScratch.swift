#if canImport(Glibc)
import Glibc
#endif
import GatePostgres
import GatewayService
import Synchronization

/// A private writable copy of the tables a writer changes (`agents`, `audit_events`), in a schema of
/// its own in front of the seeded one: benchmarks that write never change the shared seeded schema.
/// Dropped by `drop()` or on deinit.
public final class PostgresScratch: @unchecked Sendable {
    /// A connection whose unqualified names resolve to the copies first, then to the seeded schema.
    public let connection: PostgresConnection
    /// The scratch schema's name.
    public let schema: String
    private var dropped = false

    /// The tables copied.
    static let tables = ["agents", "audit_events"]

    /// Copies the written tables of `database` into `gatebench_scratch_<host>_<pid>_<n>`.
    public init(store: PostgresDataStore, database: PostgresDataStore.Database) throws(PostgresError) {
        connection = try PostgresConnection(url: store.url)
        schema = "\(Self.hostPrefix)\(getpid())_\(Self.nextNumber())"
        var sql = "DROP SCHEMA IF EXISTS \(schema) CASCADE; CREATE SCHEMA \(schema);"
        for table in Self.tables {
            sql += """
                CREATE TABLE \(schema).\(table) (LIKE \(database.schema).\(table) INCLUDING ALL);
                INSERT INTO \(schema).\(table) OVERRIDING SYSTEM VALUE SELECT * FROM \(database.schema).\(table);
                """
        }
        try connection.execute(sql)
        try connection.execute("ANALYZE \(Self.tables.map { "\(schema).\($0)" }.joined(separator: ", "))")
        try connection.execute("SET search_path = \(schema), \(database.schema)")
    }

    /// Drops the scratch schema (also done on deinit).
    public func drop() {
        guard !dropped else { return }
        dropped = true
        try? connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }

    deinit {
        drop()
    }

    private static let counter = Atomic<Int>(0)

    private static func nextNumber() -> Int { counter.add(1, ordering: .relaxed).newValue }

    /// This host's prefix of scratch schema names: processes are told apart by host and pid.
    static var hostPrefix: String { "gatebench_scratch_\(String(UInt32(bitPattern: Int32(truncatingIfNeeded: gethostid())), radix: 16))_" }

    /// Drops the scratch schemas this host's processes left behind when they were killed (the pid is gone).
    public static func removeStale(on store: PostgresDataStore) throws(PostgresError) {
        let connection = try PostgresConnection(url: store.url)
        let rows = try connection.query(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '\(hostPrefix)')")
        var stale: [String] = []
        for row in 0..<rows.count {
            let name = rows.string(row, 0)
            guard let pid = name.dropFirst(hostPrefix.count).split(separator: "_").first.flatMap({ Int32($0) }),
                kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            stale.append(name)
        }
        for name in stale { try connection.execute("DROP SCHEMA IF EXISTS \(name) CASCADE") }
    }
}
