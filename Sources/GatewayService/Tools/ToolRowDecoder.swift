/// The column list every tool query selects, and its decoding: one place, so they cannot drift apart.
/// Other engines select the same columns in the same order (`columns`, `joins`).
public enum ToolRowDecoder {
    /// Columns 0–13, in the order `decode` reads them.
    public static let columns = """
        t.id, t.gateway_id, g.name, t.original_name, t.name, t.description, t.input_schema, t.owner_email,
        t.team_id, tm.name, t.visibility, t.enabled, t.created_at, t.updated_at
        """
    /// The joins that provide the gateway and team names.
    public static let joins = "LEFT JOIN peer_gateways g ON g.id = t.gateway_id LEFT JOIN teams tm ON tm.id = t.team_id"

    static func decode(_ row: Statement) -> Tool {
        Tool(
            id: row.int64(at: 0), gatewayID: row.int64(at: 1), gatewayName: row.optionalString(at: 2),
            originalName: row.string(at: 3), name: row.string(at: 4), description: row.string(at: 5),
            inputSchema: row.string(at: 6), ownerEmail: row.string(at: 7), teamID: row.optionalInt64(at: 8),
            teamName: row.optionalString(at: 9), visibility: visibility(row, at: 10), isEnabled: row.int64(at: 11) != 0,
            createdAt: row.int64(at: 12), updatedAt: row.int64(at: 13))
    }

    /// Reads the visibility by its first byte (the schema's CHECK allows only the three values),
    /// avoiding a String per row.
    private static func visibility(_ row: Statement, at index: Int32) -> Visibility {
        switch row.firstByte(at: index) {
        case UInt8(ascii: "p") where row.byteCount(at: index) == 6: .public
        case UInt8(ascii: "t"): .team
        default: .private
        }
    }

    /// Decodes every remaining row of `statement`, then resets it.
    static func decodeAll(_ statement: Statement, reservingCapacity capacity: Int = 0) throws(SQLiteError) -> [Tool] {
        defer { statement.reset() }
        var tools: [Tool] = []
        tools.reserveCapacity(capacity)
        while try statement.step() { tools.append(decode(statement)) }
        return tools
    }
}
