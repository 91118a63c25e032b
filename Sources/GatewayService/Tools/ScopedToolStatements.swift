import GateSQLite

/// The scope rule as three disjoint index ranges, merged newest first as they are stepped.
///
/// The rule — public tools, the user's own, and the team- or public-visible tools of the user's
/// teams — as one query must test every enabled tool's index entry (44,992 at enterprise, with an
/// IN probe of the user's 1,001 teams for most of them) to return 10,181. Split by visibility,
/// each part reads only what it returns:
/// - every public tool, newest first, from the partial index `tools_public`;
/// - the team-visible tools of the user's teams: one seek per team in `tools_team`, sorted;
/// - the user's own tools that the other two do not return (`tools_owner`), sorted.
/// The three are disjoint and together are the rule; `list` steps all three and takes the newest
/// row each time, so no row is copied or sorted twice. Plans (`EXPLAIN QUERY PLAN`) and figures:
/// docs/workloads.md.
final class ScopedToolStatements {
    private let publicTools: Statement
    private let teamTools: Statement
    private let ownTools: Statement
    let teamCount: Int

    /// Prepares the three statements for an IN list of `teamCount` team ids.
    init(connection: SQLiteConnection, teamCount: Int) throws(SQLiteError) {
        self.teamCount = teamCount
        // An empty IN list is false in SQLite; `IN (NULL)` would be NULL, which NOT keeps NULL.
        let teams = Array(repeating: "?", count: teamCount).joined(separator: ", ")
        let order = "ORDER BY t.created_at DESC, t.id DESC"
        func select(indexedBy index: String) -> String {
            "SELECT \(ToolRowDecoder.columns) FROM tools t INDEXED BY \(index) \(ToolRowDecoder.joins)"
        }
        publicTools = try connection.prepare(
            "\(select(indexedBy: "tools_public")) WHERE t.visibility = 'public' AND t.enabled = 1 \(order)")
        teamTools = try connection.prepare(
            """
            \(select(indexedBy: "tools_team")) WHERE t.team_id IN (\(teams)) AND t.visibility = 'team' AND t.enabled = 1
            \(order)
            """)
        ownTools = try connection.prepare(
            """
            \(select(indexedBy: "tools_owner")) WHERE t.owner_email = ?1 AND t.enabled = 1 AND t.visibility <> 'public'
                AND NOT (t.visibility = 'team' AND t.team_id IS NOT NULL AND t.team_id IN (\(teams)))
            \(order)
            """)
    }

    /// The enabled tools `userEmail` may see given `teamIDs` (exactly `teamCount` of them), newest first.
    func list(for userEmail: String, teamIDs: [Int64]) throws(SQLiteError) -> [Tool] {
        precondition(teamIDs.count == teamCount, "ScopedToolStatements: prepared for \(teamCount) teams")
        let parts = [publicTools, teamTools, ownTools]
        defer { for part in parts { part.reset() } }
        ownTools.bind(userEmail, at: 1)
        for (offset, team) in teamIDs.enumerated() {
            teamTools.bind(team, at: Int32(offset + 1))
            ownTools.bind(team, at: Int32(offset + 2))
        }
        var hasRow = [try publicTools.step(), try teamTools.step(), try ownTools.step()]
        var tools: [Tool] = []
        while true {
            // The newest current row: created_at (column 12), then id (column 0), descending.
            var newest = -1
            for part in 0..<3 where hasRow[part] {
                if newest < 0 || Self.isNewer(parts[part], than: parts[newest]) { newest = part }
            }
            guard newest >= 0 else { return tools }
            tools.append(ToolRowDecoder.decode(parts[newest]))
            hasRow[newest] = try parts[newest].step()
        }
    }

    private static func isNewer(_ row: Statement, than other: Statement) -> Bool {
        let created = row.int64(at: 12), otherCreated = other.int64(at: 12)
        return created != otherCreated ? created > otherCreated : row.int64(at: 0) > other.int64(at: 0)
    }
}
