import GateSQLite

/// How a scoped listing reads the scope rule.
enum ScopePlan: Sendable {
    /// One query over the listing index, the rule tested on every enabled tool's entry.
    case oneQuery
    /// Three disjoint index ranges merged as they are stepped (`ScopedToolStatements`).
    case indexRanges

    /// A team seek costs about as much as testing this many index entries against the rule (one
    /// B-tree descent against one IN probe of a few hundred nanoseconds).
    static let entriesPerTeamSeek = 8

    /// Below this many enabled tools the one query is kept whatever the team count: it takes a
    /// fraction of a millisecond, and the three statements allocate more (small wave, a user of
    /// two teams: 559 allocations a listing against 534).
    static let minimumEnabledTools = 4_096

    /// The cheaper plan for a user of `teamCount` teams among `enabledTools` enabled tools: at
    /// enterprise (1,001 teams, 44,992 tools) the ranges; at the small wave (456 tools) the one
    /// query (there 1,001 seeks also cost more than testing 456 entries).
    static func cheaper(teamCount: Int, enabledTools: Int) -> ScopePlan {
        let seeks = teamCount.multipliedReportingOverflow(by: entriesPerTeamSeek)
        let rangesPay = enabledTools >= minimumEnabledTools && !seeks.overflow && seeks.partialValue < enabledTools
        return rangesPay ? .indexRanges : .oneQuery
    }
}

/// The scope rule as three disjoint index ranges, merged newest first as they are stepped, or as
/// the one query over the listing index.
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
    private let oneQuery: Statement
    let teamCount: Int

    /// Prepares both plans' statements for an IN list of `teamCount` team ids.
    init(connection: SQLiteConnection, teamCount: Int) throws(SQLiteError) {
        self.teamCount = teamCount
        // An empty IN list is false in SQLite; `IN (NULL)` would be NULL, which NOT keeps NULL.
        let teams = Array(repeating: "?", count: teamCount).joined(separator: ", ")
        let order = ToolService.enabledOrder
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
        oneQuery = try connection.prepare(
            """
            SELECT \(ToolRowDecoder.columns) FROM tools t \(ToolRowDecoder.joins)
            WHERE t.enabled = 1 AND (t.visibility = 'public' OR t.owner_email = ?
                OR (t.team_id IN (\(teamCount == 0 ? "NULL" : teams)) AND t.visibility IN ('team', 'public')))
            \(order)
            """)
        ownTools = try connection.prepare(
            """
            \(select(indexedBy: "tools_owner")) WHERE t.owner_email = ?1 AND t.enabled = 1 AND t.visibility <> 'public'
                AND NOT (t.visibility = 'team' AND t.team_id IS NOT NULL AND t.team_id IN (\(teams)))
            \(order)
            """)
    }

    /// The enabled tools `userEmail` may see given `teamIDs` (exactly `teamCount` of them), newest
    /// first, read by `plan`.
    func list(for userEmail: String, teamIDs: [Int64], plan: ScopePlan) throws(SQLiteError) -> [Tool] {
        precondition(teamIDs.count == teamCount, "ScopedToolStatements: prepared for \(teamCount) teams")
        guard plan == .indexRanges else {
            oneQuery.bind(userEmail, at: 1)
            for (offset, team) in teamIDs.enumerated() { oneQuery.bind(team, at: Int32(offset + 2)) }
            return try ToolRowDecoder.decodeAll(oneQuery)
        }
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
