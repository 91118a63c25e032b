/// What a new tool needs; the service derives its name and timestamps.
public struct NewTool: Sendable, Equatable {
    public var gatewayID: Int64
    public var originalName: String
    public var description: String
    public var inputSchema: String
    public var ownerEmail: String
    public var teamID: Int64?
    public var visibility: Visibility
    public var isEnabled: Bool

    public init(
        gatewayID: Int64, originalName: String, description: String, inputSchema: String, ownerEmail: String,
        teamID: Int64?, visibility: Visibility, isEnabled: Bool = true
    ) {
        self.gatewayID = gatewayID
        self.originalName = originalName
        self.description = description
        self.inputSchema = inputSchema
        self.ownerEmail = ownerEmail
        self.teamID = teamID
        self.visibility = visibility
        self.isEnabled = isEnabled
    }
}

/// A tool as a peer gateway lists it (MCP `tools/list`).
public struct PeerTool: Sendable, Equatable {
    public var originalName: String
    public var description: String
    public var inputSchema: String

    public init(originalName: String, description: String, inputSchema: String) {
        self.originalName = originalName
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// What a peer catalogue refresh changed.
public struct CatalogRefresh: Sendable, Equatable {
    public init(inserted: Int, updated: Int, deleted: Int) {
        self.inserted = inserted
        self.updated = updated
        self.deleted = deleted
    }

    public var inserted: Int
    public var updated: Int
    public var deleted: Int
}

extension ToolService {
    /// Inserts a tool named `slug(gateway) + "-" + slug(originalName)`; returns it as listed.
    ///
    /// - Throws: `SQLiteError` for an unknown gateway or a name already taken (unique index).
    @discardableResult
    public func create(_ new: NewTool, at now: Int64) throws -> Tool {
        let slug = try gatewaySlug(new.gatewayID)
        let insert = try connection.prepare(
            """
            INSERT INTO tools (gateway_id, original_name, name, description, input_schema, owner_email, team_id,
                               visibility, enabled, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bind(new.gatewayID, at: 1)
        insert.bind(new.originalName, at: 2)
        insert.bind(toolName(gatewaySlug: slug, originalName: new.originalName), at: 3)
        insert.bind(new.description, at: 4)
        insert.bind(new.inputSchema, at: 5)
        insert.bind(new.ownerEmail, at: 6)
        if let team = new.teamID { insert.bind(team, at: 7) } else { insert.bindNull(at: 7) }
        insert.bind(new.visibility.rawValue, at: 8)
        insert.bind(new.isEnabled ? 1 : 0, at: 9)
        insert.bind(now, at: 10)
        insert.bind(now, at: 11)
        try insert.run()
        guard let tool = try tool(id: connection.lastInsertRowID) else {
            throw SQLiteError(code: 0, message: "inserted tool \(connection.lastInsertRowID) not found")
        }
        return tool
    }

    /// Changes a tool's description, visibility and enabled flag; false when no such tool.
    @discardableResult
    public func update(
        id: Int64, description: String, visibility: Visibility, isEnabled: Bool, at now: Int64
    ) throws(SQLiteError) -> Bool {
        let update = try connection.prepare(
            "UPDATE tools SET description = ?, visibility = ?, enabled = ?, updated_at = ? WHERE id = ?")
        update.bind(description, at: 1)
        update.bind(visibility.rawValue, at: 2)
        update.bind(isEnabled ? 1 : 0, at: 3)
        update.bind(now, at: 4)
        update.bind(id, at: 5)
        try update.run()
        return connection.changes == 1
    }

    /// Deletes a tool; false when no such tool.
    @discardableResult
    public func delete(id: Int64) throws(SQLiteError) -> Bool {
        let delete = try connection.prepare("DELETE FROM tools WHERE id = ?")
        delete.bind(id, at: 1)
        try delete.run()
        return connection.changes == 1
    }

    /// Stores a peer's catalogue as the real gateway does on refresh, in one transaction: upsert
    /// every tool by `(gateway_id, original_name)`, delete the peer's tools no longer upstream.
    /// New tools are public, owned by `ownerEmail`.
    public func refreshCatalog(
        gatewayID: Int64, tools: [PeerTool], ownerEmail: String, at now: Int64
    ) throws -> CatalogRefresh {
        let slug = try gatewaySlug(gatewayID)
        return try connection.transaction {
            let existing = try connection.prepare("SELECT original_name FROM tools WHERE gateway_id = ?")
            existing.bind(gatewayID, at: 1)
            var before = Set<String>()
            while try existing.step() { before.insert(existing.string(at: 0)) }
            existing.reset()
            let upsert = try connection.prepare(
                """
                INSERT INTO tools (gateway_id, original_name, name, description, input_schema, owner_email, team_id,
                                   visibility, enabled, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, 'public', 1, ?7, ?7)
                ON CONFLICT (gateway_id, original_name) DO UPDATE SET
                    description = excluded.description, input_schema = excluded.input_schema,
                    updated_at = excluded.updated_at
                """)
            var upstream = Set<String>()
            for tool in tools {
                upstream.insert(tool.originalName)
                upsert.bind(gatewayID, at: 1)
                upsert.bind(tool.originalName, at: 2)
                upsert.bind(toolName(gatewaySlug: slug, originalName: tool.originalName), at: 3)
                upsert.bind(tool.description, at: 4)
                upsert.bind(tool.inputSchema, at: 5)
                upsert.bind(ownerEmail, at: 6)
                upsert.bind(now, at: 7)
                try upsert.run()
            }
            let delete = try connection.prepare("DELETE FROM tools WHERE gateway_id = ? AND original_name = ?")
            let gone = before.subtracting(upstream)
            for name in gone {
                delete.bind(gatewayID, at: 1)
                delete.bind(name, at: 2)
                try delete.run()
            }
            let inserted = upstream.subtracting(before).count
            return CatalogRefresh(inserted: inserted, updated: upstream.count - inserted, deleted: gone.count)
        }
    }

    private func gatewaySlug(_ gatewayID: Int64) throws(SQLiteError) -> String {
        let statement = try connection.prepare("SELECT slug FROM peer_gateways WHERE id = ?")
        statement.bind(gatewayID, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { throw SQLiteError(code: 0, message: "no peer gateway with id \(gatewayID)") }
        return statement.string(at: 0)
    }
}
