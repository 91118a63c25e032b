/// Seats of teams with a fixed limit, the contended resource of a launch: many users join at
/// once and no team may end up over its limit.
///
/// A claim is one `BEGIN IMMEDIATE` transaction (count the seats, insert one if any is left), so
/// concurrent claims on separate connections are serialized by SQLite's write lock.
public final class SeatService: @unchecked Sendable {
    // @unchecked Sendable: one connection, used by one thread at a time.
    /// What a claim did.
    public enum Claim: String, Sendable, Equatable {
        case joined, full
        /// The user already holds a seat of the team.
        case conflict
    }

    private let connection: SQLiteConnection

    /// Creates the seat tables when missing (they are not part of the seeded waves).
    public static func prepareSchema(on connection: SQLiteConnection) throws(SQLiteError) {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS team_seat_limits (team_id INTEGER PRIMARY KEY, seat_limit INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS team_seats (
                team_id INTEGER NOT NULL, user_email TEXT NOT NULL, claimed_at INTEGER NOT NULL,
                PRIMARY KEY (team_id, user_email));
            """)
    }

    public init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Sets `team`'s limit and frees its seats.
    public func reset(team: Int64, limit: Int) throws(SQLiteError) {
        try connection.execute(
            "DELETE FROM team_seats WHERE team_id = \(team); "
                + "INSERT OR REPLACE INTO team_seat_limits (team_id, seat_limit) VALUES (\(team), \(limit));")
    }

    /// Gives `user` a seat of `team` if one is left.
    public func claim(team: Int64, user: String, at now: Int64) throws -> Claim {
        try connection.transaction { () throws -> Claim in
            let limit = try connection.prepare("SELECT seat_limit FROM team_seat_limits WHERE team_id = ?")
            limit.bind(team, at: 1)
            guard let seats = try limit.singleInt64() else { return .full }
            let taken = try connection.prepare("SELECT count(*), sum(user_email = ?) FROM team_seats WHERE team_id = ?")
            taken.bind(user, at: 1)
            taken.bind(team, at: 2)
            defer { taken.reset() }
            _ = try taken.step()
            if taken.int64(at: 1) > 0 { return .conflict }
            if taken.int64(at: 0) >= seats { return .full }
            let insert = try connection.prepare("INSERT INTO team_seats (team_id, user_email, claimed_at) VALUES (?, ?, ?)")
            insert.bind(team, at: 1)
            insert.bind(user, at: 2)
            insert.bind(now, at: 3)
            try insert.run()
            return .joined
        }
    }

    /// The users holding a seat of `team`.
    public func holders(of team: Int64) throws(SQLiteError) -> [String] {
        let statement = try connection.prepare("SELECT user_email FROM team_seats WHERE team_id = ? ORDER BY user_email")
        statement.bind(team, at: 1)
        var users: [String] = []
        while try statement.step() { users.append(statement.string(at: 0)) }
        statement.reset()
        return users
    }

    /// `team`'s seat limit, if it has one.
    public func limit(of team: Int64) throws(SQLiteError) -> Int? {
        let statement = try connection.prepare("SELECT seat_limit FROM team_seat_limits WHERE team_id = ?")
        statement.bind(team, at: 1)
        return try statement.singleInt64().map(Int.init)
    }
}
