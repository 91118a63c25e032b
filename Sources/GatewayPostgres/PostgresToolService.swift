import GatePostgres
import GatewayService

/// `ToolService`'s listings and writes on PostgreSQL: the same columns, joins, filters and order.
///
/// The scoped query takes the user's teams as one `bigint[]` parameter (`= ANY($2)`) rather than
/// an IN list of one parameter per team, so one prepared statement serves every user.
/// Not thread-safe: one caller at a time (see `PostgresConnection`).
public final class PostgresToolService: ToolQueries, ToolWrites, @unchecked Sendable {
    private let connection: PostgresConnection
    private let listAll: PreparedQuery
    private let listLimited: PreparedQuery
    private let firstPage: PreparedQuery
    private let nextPage: PreparedQuery
    private let scoped: PreparedQuery
    /// The write statements, prepared on the first write (readers never pay for them).
    private var preparedWriter: PostgresToolWriter?

    private static let select = "SELECT \(ToolRowDecoder.columns) FROM tools t \(ToolRowDecoder.joins)"
    private static let enabledOrder = "ORDER BY t.created_at DESC, t.id DESC"

    /// The scoped listing's SQL, also run through `psql` as the floor it is measured against.
    public static let scopedSQL = """
        \(select)
        WHERE t.enabled = 1 AND (t.visibility = 'public' OR t.owner_email = $1
            OR (t.team_id = ANY($2::bigint[]) AND t.visibility IN ('team', 'public')))
        \(enabledOrder)
        """

    public init(connection: PostgresConnection) throws(PostgresError) {
        self.connection = connection
        listAll = try connection.prepare("\(Self.select) WHERE t.enabled = 1 \(Self.enabledOrder)")
        listLimited = try connection.prepare("\(Self.select) WHERE t.enabled = 1 \(Self.enabledOrder) LIMIT $1")
        firstPage = try connection.prepare("\(Self.select) WHERE t.enabled = 1 \(Self.enabledOrder) LIMIT $1")
        nextPage = try connection.prepare(
            "\(Self.select) WHERE t.enabled = 1 AND (t.created_at, t.id) < ($1, $2) \(Self.enabledOrder) LIMIT $3")
        scoped = try connection.prepare(Self.scopedSQL)
    }

    public func listTools(limit: Int? = nil) throws(PostgresError) -> [Tool] {
        guard let limit else { return Self.decode(try listAll.run()) }
        listLimited.bind(limit)
        return Self.decode(try listLimited.run())
    }

    public func listVisibleTools(for userEmail: String, teamIDs: [Int64]) throws(PostgresError) -> [Tool] {
        scoped.bind(userEmail)
        scoped.bind(array: teamIDs)
        return Self.decode(try scoped.run())
    }

    public func page(after cursor: ToolCursor?, size: Int = 50) throws(PostgresError) -> ToolPage {
        let query: PreparedQuery
        if let cursor {
            query = nextPage
            query.bind(cursor.createdAt)
            query.bind(cursor.id)
        } else {
            query = firstPage
        }
        query.bind(size + 1)
        var tools = Self.decode(try query.run())
        guard tools.count > size else { return ToolPage(tools: tools, nextCursor: nil) }
        tools.removeLast()
        let last = tools[tools.count - 1]
        return ToolPage(tools: tools, nextCursor: ToolCursor(createdAt: last.createdAt, id: last.id))
    }

    public func create(_ new: NewTool, at now: Int64) throws -> Tool {
        try writer().create(new, at: now)
    }

    public func update(id: Int64, description: String, visibility: Visibility, isEnabled: Bool, at now: Int64) throws -> Bool {
        try writer().update(id: id, description: description, visibility: visibility, isEnabled: isEnabled, at: now)
    }

    public func delete(id: Int64) throws -> Bool {
        try writer().delete(id: id)
    }

    public func refreshCatalog(gatewayID: Int64, tools: [PeerTool], ownerEmail: String, at now: Int64) throws -> CatalogRefresh {
        try writer().refreshCatalog(gatewayID: gatewayID, tools: tools, ownerEmail: ownerEmail, at: now)
    }

    private func writer() throws(PostgresError) -> PostgresToolWriter {
        if let preparedWriter { return preparedWriter }
        let writer = try PostgresToolWriter(connection: connection)
        preparedWriter = writer
        return writer
    }

    /// Decodes rows of `ToolRowDecoder.columns`.
    static func decode(_ rows: borrowing PostgresRows) -> [Tool] {
        var tools: [Tool] = []
        tools.reserveCapacity(rows.count)
        for row in 0..<rows.count {
            tools.append(
                Tool(
                    id: rows.int64(row, 0), gatewayID: rows.int64(row, 1), gatewayName: rows.optionalString(row, 2),
                    originalName: rows.string(row, 3), name: rows.string(row, 4), description: rows.string(row, 5),
                    inputSchema: rows.string(row, 6), ownerEmail: rows.string(row, 7),
                    teamID: rows.optionalInt64(row, 8), teamName: rows.optionalString(row, 9),
                    visibility: visibility(rows, row), isEnabled: rows.int64(row, 11) != 0,
                    createdAt: rows.int64(row, 12), updatedAt: rows.int64(row, 13)))
        }
        return tools
    }

    /// The visibility by its first byte (the schema's CHECK allows only the three values).
    private static func visibility(_ rows: borrowing PostgresRows, _ row: Int) -> Visibility {
        switch rows.firstByte(row, 10) {
        case UInt8(ascii: "p") where rows.byteCount(row, 10) == 6: .public
        case UInt8(ascii: "t"): .team
        default: .private
        }
    }
}
