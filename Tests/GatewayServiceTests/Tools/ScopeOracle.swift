@testable import GatewayService

/// Brute force over whole tables: the answers the services must give, computed the obvious way.
struct ScopeOracle {
    let tools: [Tool]
    let memberships: [(email: String, team: Int64, isActive: Bool)]

    init(_ db: SQLiteConnection) throws {
        let gateways = try Self.names(db, "SELECT id, name FROM peer_gateways")
        let teams = try Self.names(db, "SELECT id, name FROM teams")
        let statement = try db.prepare(
            """
            SELECT id, gateway_id, original_name, name, description, input_schema, owner_email, team_id, visibility,
                   enabled, created_at, updated_at FROM tools
            """)
        var tools: [Tool] = []
        while try statement.step() {
            let team = statement.optionalInt64(at: 7)
            tools.append(
                Tool(
                    id: statement.int64(at: 0), gatewayID: statement.int64(at: 1),
                    gatewayName: gateways[statement.int64(at: 1)], originalName: statement.string(at: 2),
                    name: statement.string(at: 3), description: statement.string(at: 4),
                    inputSchema: statement.string(at: 5), ownerEmail: statement.string(at: 6), teamID: team,
                    teamName: team.flatMap { teams[$0] }, visibility: Visibility(rawValue: statement.string(at: 8))!,
                    isEnabled: statement.int64(at: 9) == 1, createdAt: statement.int64(at: 10),
                    updatedAt: statement.int64(at: 11)))
        }
        self.tools = tools
        let members = try db.prepare("SELECT user_email, team_id, is_active FROM team_members")
        var memberships: [(String, Int64, Bool)] = []
        while try members.step() {
            memberships.append((members.string(at: 0), members.int64(at: 1), members.int64(at: 2) == 1))
        }
        self.memberships = memberships
    }

    static func names(_ db: SQLiteConnection, _ sql: String) throws -> [Int64: String] {
        let statement = try db.prepare(sql)
        var names: [Int64: String] = [:]
        while try statement.step() { names[statement.int64(at: 0)] = statement.string(at: 1) }
        return names
    }

    func teamIDs(of email: String) -> [Int64] {
        memberships.filter { $0.email == email && $0.isActive }.map(\.team).sorted()
    }

    func visibleTools(for email: String) -> [Tool] {
        let teams = Set(teamIDs(of: email))
        return tools.filter { tool in
            guard tool.isEnabled else { return false }
            if tool.visibility == .public || tool.ownerEmail == email { return true }
            guard let team = tool.teamID else { return false }
            return teams.contains(team) && tool.visibility != .private
        }.sorted(by: Tool.newestFirst)
    }

    var enabledNewestFirst: [Tool] {
        tools.filter(\.isEnabled).sorted(by: Tool.newestFirst)
    }
}
