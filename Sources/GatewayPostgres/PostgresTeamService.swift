import GatePostgres
import GatewayService

/// `TeamService`'s queries on PostgreSQL: the same SQL with `$n` parameters, prepared once.
/// Not thread-safe: one caller at a time (see `PostgresConnection`).
public final class PostgresTeamService: TeamQueries, @unchecked Sendable {
    private let teamIDsOfUser: PreparedQuery
    private let membersOfTeam: PreparedQuery

    public init(connection: PostgresConnection) throws(PostgresError) {
        teamIDsOfUser = try connection.prepare(
            "SELECT team_id FROM team_members WHERE user_email = $1 AND is_active = 1 ORDER BY team_id")
        membersOfTeam = try connection.prepare(
            """
            SELECT m.user_email, u.full_name, m.role, m.joined_at
            FROM team_members m JOIN users u ON u.email = m.user_email
            WHERE m.team_id = $1 AND m.is_active = 1
            ORDER BY m.role DESC, m.user_email
            LIMIT $2
            """)
    }

    public func teamIDs(of userEmail: String) throws(PostgresError) -> [Int64] {
        teamIDsOfUser.bind(userEmail)
        let rows = try teamIDsOfUser.run()
        var ids: [Int64] = []
        ids.reserveCapacity(rows.count)
        for row in 0..<rows.count { ids.append(rows.int64(row, 0)) }
        return ids
    }

    public func members(of teamID: Int64, limit: Int = 1_000) throws(PostgresError) -> [TeamMember] {
        membersOfTeam.bind(teamID)
        membersOfTeam.bind(limit)
        let rows = try membersOfTeam.run()
        var members: [TeamMember] = []
        members.reserveCapacity(rows.count)
        for row in 0..<rows.count {
            members.append(
                TeamMember(
                    email: rows.string(row, 0), fullName: rows.string(row, 1), role: rows.string(row, 2),
                    joinedAt: rows.int64(row, 3)))
        }
        return members
    }
}
