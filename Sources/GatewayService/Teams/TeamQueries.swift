/// Team membership queries, whatever the engine: `TeamService` (SQLite) and the PostgreSQL one.
public protocol TeamQueries: AnyObject, Sendable {
    /// The ids of the user's active teams, personal team included, ascending.
    func teamIDs(of userEmail: String) throws -> [Int64]
    /// The team's active members, owner first, then by e-mail; at most `limit`.
    func members(of teamID: Int64, limit: Int) throws -> [TeamMember]
}

extension TeamService: TeamQueries {}
