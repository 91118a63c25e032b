import GatePostgres
import GatewayService

/// `FeatureFlags` on PostgreSQL: a toggle reads the flag with `SELECT … FOR UPDATE` and writes it
/// back flipped in the same transaction, so concurrent toggles queue on the row and none is lost
/// (a plain read under READ COMMITTED would lose some: the load's race check counts them).
/// Not thread-safe: one caller at a time (see `PostgresConnection`).
public final class PostgresFeatureFlags: FlagToggles, @unchecked Sendable {
    private let connection: PostgresConnection
    private let lockRead: PreparedQuery
    private let read: PreparedQuery
    private let write: PreparedQuery
    private let resetQuery: PreparedQuery

    /// Creates the flag table when missing, in the first schema of the search path (a scratch one).
    public static func prepareSchema(on connection: PostgresConnection) throws(PostgresError) {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS feature_flags (name text COLLATE \"C\" PRIMARY KEY, enabled bigint NOT NULL, toggles bigint NOT NULL);")
    }

    public init(connection: PostgresConnection) throws(PostgresError) {
        self.connection = connection
        lockRead = try connection.prepare("SELECT enabled, toggles FROM feature_flags WHERE name = $1 FOR UPDATE")
        read = try connection.prepare("SELECT enabled, toggles FROM feature_flags WHERE name = $1")
        write = try connection.prepare("UPDATE feature_flags SET enabled = $1, toggles = $2 WHERE name = $3")
        resetQuery = try connection.prepare(
            "INSERT INTO feature_flags (name, enabled, toggles) VALUES ($1, 0, 0) ON CONFLICT (name) DO UPDATE SET enabled = 0, toggles = 0")
    }

    public func reset(_ name: String) throws {
        resetQuery.bind(name)
        _ = try resetQuery.run()
    }

    public func toggle(_ name: String) throws -> Bool {
        try connection.transaction { () throws -> Bool in
            lockRead.bind(name)
            let rows = try lockRead.run()
            guard rows.count == 1 else { return false }
            write.bind(rows.int64(0, 0) != 0 ? 0 : 1)
            write.bind(rows.int64(0, 1) + 1)
            write.bind(name)
            _ = try write.run()
            return true
        }
    }

    public func state(_ name: String) throws -> (enabled: Bool, toggles: Int)? {
        read.bind(name)
        let rows = try read.run()
        guard rows.count == 1 else { return nil }
        return (rows.int64(0, 0) != 0, Int(rows.int64(0, 1)))
    }
}
