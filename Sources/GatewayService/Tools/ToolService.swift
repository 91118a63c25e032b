/// Lists, pages and edits tools, with the multi-tenant scope rule of the real gateway.
///
/// ```swift
/// let tools = try ToolService(connection: db)
/// let visible = try tools.listVisibleTools(for: "u0000001@tenant.example", teamIDs: teamIDs)
/// ```
/// Statements are prepared once and reused; the scoped ones once per IN-list length.
/// Not thread-safe: one caller at a time (see `SQLiteConnection`).
public final class ToolService: @unchecked Sendable {
    let connection: SQLiteConnection
    private let listAll: Statement
    private let listLimited: Statement
    private let firstPage: Statement
    private let nextPage: Statement
    private var scopedByTeamCount: [Int: ScopedToolStatements] = [:]
    /// Enabled tools when the service was created: the scope's plan depends on it (an estimate;
    /// either plan returns the same rows).
    private let enabledToolCount: Int
    /// The scope's plan; nil chooses the cheaper one for the user's team count (tests force each).
    var scopePlan: ScopePlan?

    /// The listing order, newest first (every tool listing, scoped or not).
    static let enabledOrder = "ORDER BY t.created_at DESC, t.id DESC"

    public init(connection: SQLiteConnection) throws(SQLiteError) {
        self.connection = connection
        let select = "SELECT \(ToolRowDecoder.columns) FROM tools t \(ToolRowDecoder.joins)"
        listAll = try connection.prepare("\(select) WHERE t.enabled = 1 \(Self.enabledOrder)")
        listLimited = try connection.prepare("\(select) WHERE t.enabled = 1 \(Self.enabledOrder) LIMIT ?")
        firstPage = try connection.prepare("\(select) WHERE t.enabled = 1 \(Self.enabledOrder) LIMIT ?")
        nextPage = try connection.prepare(
            "\(select) WHERE t.enabled = 1 AND (t.created_at, t.id) < (?, ?) \(Self.enabledOrder) LIMIT ?")
        enabledToolCount = Int(try connection.prepare("SELECT count(*) FROM tools WHERE enabled = 1").singleInt64() ?? 0)
    }

    /// Enabled tools, newest first; all of them, or the first `limit`.
    public func listTools(limit: Int? = nil) throws(SQLiteError) -> [Tool] {
        guard let limit else { return try ToolRowDecoder.decodeAll(listAll) }
        listLimited.bind(limit, at: 1)
        return try ToolRowDecoder.decodeAll(listLimited, reservingCapacity: limit)
    }

    /// The enabled tools `userEmail` may see, newest first: public ones, the user's own, and the
    /// team- or public-visible tools of `teamIDs` (the user's active teams, personal team included).
    public func listVisibleTools(for userEmail: String, teamIDs: [Int64]) throws(SQLiteError) -> [Tool] {
        let plan = scopePlan ?? .cheaper(teamCount: teamIDs.count, enabledTools: enabledToolCount)
        return try scopedStatements(teamCount: teamIDs.count).list(for: userEmail, teamIDs: teamIDs, plan: plan)
    }

    /// The scope's statements for an IN list of `teamCount` parameters, prepared on first use.
    private func scopedStatements(teamCount: Int) throws(SQLiteError) -> ScopedToolStatements {
        if let statements = scopedByTeamCount[teamCount] { return statements }
        let statements = try ScopedToolStatements(connection: connection, teamCount: teamCount)
        if scopedByTeamCount.count >= 64 { scopedByTeamCount.removeAll() }
        scopedByTeamCount[teamCount] = statements
        return statements
    }

    /// One page of enabled tools after `cursor` (from the newest when nil), fetching one row more
    /// than `size` to know whether another page exists.
    public func page(after cursor: ToolCursor?, size: Int = 50) throws(SQLiteError) -> ToolPage {
        let statement: Statement
        if let cursor {
            statement = nextPage
            statement.bind(cursor.createdAt, at: 1)
            statement.bind(cursor.id, at: 2)
            statement.bind(size + 1, at: 3)
        } else {
            statement = firstPage
            statement.bind(size + 1, at: 1)
        }
        var tools = try ToolRowDecoder.decodeAll(statement, reservingCapacity: size + 1)
        guard tools.count > size else { return ToolPage(tools: tools, nextCursor: nil) }
        tools.removeLast()
        let last = tools[tools.count - 1]
        return ToolPage(tools: tools, nextCursor: ToolCursor(createdAt: last.createdAt, id: last.id))
    }

    /// One tool by id, enabled or not.
    public func tool(id: Int64) throws(SQLiteError) -> Tool? {
        let statement = try connection.prepare(
            "SELECT \(ToolRowDecoder.columns) FROM tools t \(ToolRowDecoder.joins) WHERE t.id = ?")
        statement.bind(id, at: 1)
        return try ToolRowDecoder.decodeAll(statement).first
    }
}
