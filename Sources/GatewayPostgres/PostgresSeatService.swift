import GatePostgres
import GatewayService

/// `SeatService` on PostgreSQL. A claim locks the team's limit row (`SELECT … FOR UPDATE`), so
/// claims of one team run one at a time as SQLite's write lock makes them, then counts and inserts.
/// Not thread-safe: one caller at a time (see `PostgresConnection`).
public final class PostgresSeatService: SeatClaims, @unchecked Sendable {
    private let connection: PostgresConnection
    private let lockLimit: PreparedQuery
    private let taken: PreparedQuery
    private let insert: PreparedQuery
    private let holdersQuery: PreparedQuery

    /// Creates the seat tables when missing, in the first schema of the search path (a scratch one).
    public static func prepareSchema(on connection: PostgresConnection) throws(PostgresError) {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS team_seat_limits (team_id bigint PRIMARY KEY, seat_limit bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS team_seats (
                team_id bigint NOT NULL, user_email text COLLATE "C" NOT NULL, claimed_at bigint NOT NULL,
                PRIMARY KEY (team_id, user_email));
            """)
    }

    public init(connection: PostgresConnection) throws(PostgresError) {
        self.connection = connection
        lockLimit = try connection.prepare("SELECT seat_limit FROM team_seat_limits WHERE team_id = $1 FOR UPDATE")
        taken = try connection.prepare(
            "SELECT count(*), count(*) FILTER (WHERE user_email = $1) FROM team_seats WHERE team_id = $2")
        insert = try connection.prepare("INSERT INTO team_seats (team_id, user_email, claimed_at) VALUES ($1, $2, $3)")
        holdersQuery = try connection.prepare("SELECT user_email FROM team_seats WHERE team_id = $1 ORDER BY user_email")
    }

    public func reset(team: Int64, limit: Int) throws {
        try connection.execute(
            "DELETE FROM team_seats WHERE team_id = \(team); INSERT INTO team_seat_limits (team_id, seat_limit) "
                + "VALUES (\(team), \(limit)) ON CONFLICT (team_id) DO UPDATE SET seat_limit = excluded.seat_limit;")
    }

    public func claim(team: Int64, user: String, at now: Int64) throws -> SeatService.Claim {
        try connection.transaction { () throws -> SeatService.Claim in
            lockLimit.bind(team)
            let limit = try lockLimit.run()
            guard limit.count == 1 else { return .full }
            let seats = limit.int64(0, 0)
            taken.bind(user)
            taken.bind(team)
            let counts = try taken.run()
            if counts.int64(0, 1) > 0 { return .conflict }
            if counts.int64(0, 0) >= seats { return .full }
            insert.bind(team)
            insert.bind(user)
            insert.bind(now)
            _ = try insert.run()
            return .joined
        }
    }

    public func holders(of team: Int64) throws -> [String] {
        holdersQuery.bind(team)
        let rows = try holdersQuery.run()
        return (0..<rows.count).map { rows.string($0, 0) }
    }
}
