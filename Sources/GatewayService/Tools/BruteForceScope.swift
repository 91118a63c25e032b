/// The reference answers for scope filtering, computed the obvious way: every tool loaded and
/// filtered in Swift, memberships found by a full table scan. Benchmarks validate against it once.
public struct BruteForceScope: Sendable {
    /// Every tool with its gateway and team names.
    public let tools: [Tool]
    private let connection: SQLiteConnection

    public init(connection: SQLiteConnection) throws(SQLiteError) {
        self.connection = connection
        let gateways = try Self.names(connection, "SELECT id, name FROM peer_gateways")
        let statement = try connection.prepare(
            """
            SELECT id, gateway_id, original_name, name, description, input_schema, owner_email, team_id, visibility,
                   enabled, created_at, updated_at FROM tools
            """)
        defer { statement.reset() }
        var tools: [Tool] = []
        var teamIDs = Set<Int64>()
        while try statement.step() {
            let team = statement.optionalInt64(at: 7)
            if let team { teamIDs.insert(team) }
            tools.append(
                Tool(
                    id: statement.int64(at: 0), gatewayID: statement.int64(at: 1),
                    gatewayName: gateways[statement.int64(at: 1)], originalName: statement.string(at: 2),
                    name: statement.string(at: 3), description: statement.string(at: 4),
                    inputSchema: statement.string(at: 5), ownerEmail: statement.string(at: 6), teamID: team,
                    teamName: nil, visibility: Visibility(rawValue: statement.string(at: 8)) ?? .private,
                    isEnabled: statement.int64(at: 9) == 1, createdAt: statement.int64(at: 10),
                    updatedAt: statement.int64(at: 11)))
        }
        let teamName = try connection.prepare("SELECT name FROM teams WHERE id = ?")
        var teamNames: [Int64: String] = [:]
        for team in teamIDs {
            teamName.bind(team, at: 1)
            if try teamName.step() { teamNames[team] = teamName.string(at: 0) }
            teamName.reset()
        }
        self.tools = tools.map { tool in
            var named = tool
            named.teamName = tool.teamID.flatMap { teamNames[$0] }
            return named
        }
    }

    private static func names(_ connection: SQLiteConnection, _ sql: String) throws(SQLiteError) -> [Int64: String] {
        let statement = try connection.prepare(sql)
        defer { statement.reset() }
        var names: [Int64: String] = [:]
        while try statement.step() { names[statement.int64(at: 0)] = statement.string(at: 1) }
        return names
    }

    /// The user's active team ids, by a full scan of `team_members` (no index can serve `email || ''`).
    public func teamIDs(of userEmail: String) throws(SQLiteError) -> [Int64] {
        let statement = try connection.prepare(
            "SELECT team_id FROM team_members WHERE user_email || '' = ? AND is_active = 1")
        statement.bind(userEmail, at: 1)
        defer { statement.reset() }
        var ids: [Int64] = []
        while try statement.step() { ids.append(statement.int64(at: 0)) }
        return ids.sorted()
    }

    /// What `userEmail` may see: enabled, and public, or owned, or team/public in one of `teamIDs`.
    public func visibleTools(for userEmail: String, teamIDs: [Int64]) -> [Tool] {
        let teams = Set(teamIDs)
        return tools.filter { tool in
            guard tool.isEnabled else { return false }
            if tool.visibility == .public || tool.ownerEmail == userEmail { return true }
            guard let team = tool.teamID else { return false }
            return teams.contains(team) && tool.visibility != .private
        }.sorted(by: Tool.newestFirst)
    }

    /// Every enabled tool, newest first.
    public var enabledNewestFirst: [Tool] {
        tools.filter(\.isEnabled).sorted(by: Tool.newestFirst)
    }
}
