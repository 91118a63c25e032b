import GatePostgres
import GatewayService

/// `ToolService`'s writes on PostgreSQL, with the same names, defaults and answers; prepared on the
/// first write of a `PostgresToolService`. The tables it writes must have an identity `id` (the
/// scratch copies of `PostgresScratch.Tables.tools` do; the seeded schema is never written).
///
/// A catalogue refresh is four statements whatever the catalogue's size: a transaction lock on the
/// peer (refreshes of one peer run one at a time, as SQLite's write lock makes them; two at once
/// deadlocked on each other's new rows under load), the peer's slug and current names, one
/// `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE` for every upstream tool, one `DELETE` of
/// the names no longer upstream. A statement per tool, as on SQLite, would be a round trip per tool
/// (500 × ~0.1 ms on loopback).
final class PostgresToolWriter {
    private let connection: PostgresConnection
    private let insert: PreparedQuery
    private let update: PreparedQuery
    private let delete: PreparedQuery
    private let lockPeer: PreparedQuery
    private let peerNames: PreparedQuery
    private let upsert: PreparedQuery
    private let deleteGone: PreparedQuery

    init(connection: PostgresConnection) throws(PostgresError) {
        self.connection = connection
        insert = try connection.prepare(
            """
            WITH t AS (
                INSERT INTO tools (gateway_id, original_name, name, description, input_schema, owner_email, team_id,
                                   visibility, enabled, created_at, updated_at)
                SELECT $1, $2, g.slug || '-' || $3, $4, $5, $6, $7, $8, $9, $10, $10 FROM peer_gateways g WHERE g.id = $1
                RETURNING *)
            SELECT \(ToolRowDecoder.columns) FROM t \(ToolRowDecoder.joins)
            """)
        update = try connection.prepare(
            "UPDATE tools SET description = $1, visibility = $2, enabled = $3, updated_at = $4 WHERE id = $5")
        delete = try connection.prepare("DELETE FROM tools WHERE id = $1")
        // An advisory lock (class 0x6761 "ga", the peer's id): no row of the seeded schema is locked or written.
        lockPeer = try connection.prepare("SELECT pg_advisory_xact_lock(\(Self.refreshLockClass), $1::int)")
        peerNames = try connection.prepare(
            "SELECT g.slug, t.original_name FROM peer_gateways g LEFT JOIN tools t ON t.gateway_id = g.id WHERE g.id = $1")
        upsert = try connection.prepare(
            """
            INSERT INTO tools (gateway_id, original_name, name, description, input_schema, owner_email, team_id,
                               visibility, enabled, created_at, updated_at)
            SELECT $1, u.original_name, u.name, u.description, u.input_schema, $6, NULL, 'public', 1, $7, $7
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(original_name, name, description, input_schema)
            ON CONFLICT (gateway_id, original_name) DO UPDATE SET
                description = excluded.description, input_schema = excluded.input_schema,
                updated_at = excluded.updated_at
            """)
        deleteGone = try connection.prepare("DELETE FROM tools WHERE gateway_id = $1 AND original_name <> ALL($2::text[])")
    }

    /// The first key of the refresh's advisory locks.
    static let refreshLockClass = 0x6761

    func create(_ new: NewTool, at now: Int64) throws(PostgresError) -> Tool {
        insert.bind(new.gatewayID)
        insert.bind(new.originalName)
        insert.bind(slugify(new.originalName))
        insert.bind(new.description)
        insert.bind(new.inputSchema)
        insert.bind(new.ownerEmail)
        insert.bind(new.teamID.map { String($0) })
        insert.bind(new.visibility.rawValue)
        insert.bind(new.isEnabled ? 1 : 0)
        insert.bind(now)
        let rows = try insert.run()
        guard rows.count == 1 else {
            throw PostgresError(kind: .statement, message: "no peer gateway with id \(new.gatewayID)", sql: insert.sql)
        }
        return PostgresToolService.decode(rows)[0]
    }

    func update(id: Int64, description: String, visibility: Visibility, isEnabled: Bool, at now: Int64) throws(PostgresError) -> Bool {
        update.bind(description)
        update.bind(visibility.rawValue)
        update.bind(isEnabled ? 1 : 0)
        update.bind(now)
        update.bind(id)
        return try update.run().affectedRows == 1
    }

    func delete(id: Int64) throws(PostgresError) -> Bool {
        delete.bind(id)
        return try delete.run().affectedRows == 1
    }

    func refreshCatalog(gatewayID: Int64, tools: [PeerTool], ownerEmail: String, at now: Int64) throws -> CatalogRefresh {
        try connection.transaction { () throws -> CatalogRefresh in
            // Its own statement: under READ COMMITTED the next one's snapshot then sees the previous refresh.
            lockPeer.bind(gatewayID)
            _ = try lockPeer.run()
            peerNames.bind(gatewayID)
            let current = try peerNames.run()
            guard current.count > 0 else {
                throw PostgresError(kind: .statement, message: "no peer gateway with id \(gatewayID)", sql: peerNames.sql)
            }
            let slug = current.string(0, 0)
            var before = Set<String>()
            for row in 0..<current.count where !current.isNull(row, 1) { before.insert(current.string(row, 1)) }
            let names = tools.map(\.originalName)
            let upstream = Set(names)
            guard upstream.count == names.count else {
                throw PostgresError(kind: .statement, message: "the catalogue of peer \(gatewayID) names a tool twice", sql: upsert.sql)
            }
            upsert.bind(gatewayID)
            upsert.bind(textArray: names)
            upsert.bind(textArray: names.map { toolName(gatewaySlug: slug, originalName: $0) })
            upsert.bind(textArray: tools.map(\.description))
            upsert.bind(textArray: tools.map(\.inputSchema))
            upsert.bind(ownerEmail)
            upsert.bind(now)
            _ = try upsert.run()
            deleteGone.bind(gatewayID)
            deleteGone.bind(textArray: names)
            let deleted = try deleteGone.run().affectedRows
            let inserted = upstream.subtracting(before).count
            return CatalogRefresh(inserted: inserted, updated: upstream.count - inserted, deleted: deleted)
        }
    }
}
