/// A member of a team as listed.
public struct TeamMember: Sendable, Equatable {
    public var email: String
    public var fullName: String
    public var role: String
    /// Unix milliseconds.
    public var joinedAt: Int64

    public init(email: String, fullName: String, role: String, joinedAt: Int64) {
        self.email = email
        self.fullName = fullName
        self.role = role
        self.joinedAt = joinedAt
    }
}

/// Team membership queries: the first step of every scoped request, and team listings.
/// Not thread-safe: one caller at a time (see `SQLiteConnection`).
public final class TeamService: @unchecked Sendable {
    private let teamIDsOfUser: Statement
    private let membersOfTeam: Statement

    public init(connection: SQLiteConnection) throws(SQLiteError) {
        teamIDsOfUser = try connection.prepare(
            "SELECT team_id FROM team_members WHERE user_email = ? AND is_active = 1 ORDER BY team_id")
        membersOfTeam = try connection.prepare(
            """
            SELECT m.user_email, u.full_name, m.role, m.joined_at
            FROM team_members m JOIN users u ON u.email = m.user_email
            WHERE m.team_id = ? AND m.is_active = 1
            ORDER BY m.role DESC, m.user_email
            LIMIT ?
            """)
    }

    /// The ids of the user's active teams, personal team included, ascending.
    public func teamIDs(of userEmail: String) throws(SQLiteError) -> [Int64] {
        teamIDsOfUser.bind(userEmail, at: 1)
        defer { teamIDsOfUser.reset() }
        var ids: [Int64] = []
        while try teamIDsOfUser.step() { ids.append(teamIDsOfUser.int64(at: 0)) }
        return ids
    }

    /// The team's active members, owner first, then by e-mail; at most `limit`.
    public func members(of teamID: Int64, limit: Int = 1_000) throws(SQLiteError) -> [TeamMember] {
        membersOfTeam.bind(teamID, at: 1)
        membersOfTeam.bind(limit, at: 2)
        defer { membersOfTeam.reset() }
        var members: [TeamMember] = []
        members.reserveCapacity(min(limit, 1_024))
        while try membersOfTeam.step() {
            members.append(
                TeamMember(
                    email: membersOfTeam.string(at: 0), fullName: membersOfTeam.string(at: 1),
                    role: membersOfTeam.string(at: 2), joinedAt: membersOfTeam.int64(at: 3)))
        }
        return members
    }
}
