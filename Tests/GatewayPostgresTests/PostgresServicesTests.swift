import Foundation
import GatePostgres
import Testing

@testable import GatewayPostgres
@testable import GatewayService

/// The PostgreSQL services against the SQLite ones and the brute-force oracle, on the same wave.
@Suite(.serialized, .enabled(if: TestServer.available, "no PostgreSQL server could be started (scripts/postgres.sh start)"))
final class PostgresServicesTests {
    let directory: String
    let sqlite: (DataStore.Database, SQLiteConnection)
    let store: PostgresDataStore
    let database: PostgresDataStore.Database
    let connection: PostgresConnection
    /// A seed of this test process's own: tests of parallel runs never share a schema.
    static let plan = SeedPlan(wave: .tiny, seed: UInt64(getpid()))

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-pg-\(UUID().uuidString)").path
        let seeded = try DataStore(directory: directory).database(for: Self.plan)
        sqlite = (seeded, try SQLiteConnection(path: seeded.path, readOnly: true))
        store = PostgresDataStore(url: TestServer.url!)
        database = try store.database(for: Self.plan, from: sqlite.0)
        connection = try store.connect(to: database)
    }

    deinit {
        try? connection.execute("DROP SCHEMA IF EXISTS \(database.schema) CASCADE")
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func theLoadedWaveHoldsTheSameRowsAndIsReused() throws {
        for table in Manifest.countedTables {
            let rows = try connection.query("SELECT count(*) FROM \(table)")
            #expect(Int(rows.int64(0, 0)) == sqlite.0.manifest.rowCounts[table], "\(table)")
        }
        let again = try store.database(for: Self.plan, from: sqlite.0)
        #expect(!again.wasLoaded)
        #expect(again.manifest == database.manifest)
    }

    @Test func aSchemaWithAWrongRowCountIsLoadedAgain() throws {
        try connection.execute("DELETE FROM tools WHERE id = 1")
        #expect(try PostgresDataStore.verifiedManifest(in: database.schema, plan: Self.plan, connection: connection) == nil)
        let again = try store.database(for: Self.plan, from: sqlite.0)
        #expect(again.wasLoaded)
        let count = try connection.query("SELECT count(*) FROM tools")
        #expect(Int(count.int64(0, 0)) == sqlite.0.manifest.rowCounts["tools"])
    }

    @Test func teamQueriesMatchSQLite() throws {
        let postgres = try PostgresTeamService(connection: connection)
        let reference = try TeamService(connection: sqlite.1)
        for email in [database.manifest.powerUserEmail, database.manifest.singleTeamUserEmail, "nobody@nowhere.example"] {
            #expect(try postgres.teamIDs(of: email) == reference.teamIDs(of: email), "\(email)")
        }
        let team = database.manifest.largestTeamID
        let members = try postgres.members(of: team, limit: 1_000)
        #expect(!members.isEmpty)
        #expect(members == (try reference.members(of: team, limit: 1_000)))
        #expect(try postgres.members(of: team, limit: 3) == Array(members.prefix(3)))
    }

    @Test func toolListingsMatchTheOracle() throws {
        let postgres = try PostgresToolService(connection: connection)
        let oracle = try BruteForceScope(connection: sqlite.1)
        #expect(try postgres.listTools(limit: nil) == oracle.enabledNewestFirst)
        #expect(try postgres.listTools(limit: 7) == Array(oracle.enabledNewestFirst.prefix(7)))
        for email in [database.manifest.powerUserEmail, database.manifest.singleTeamUserEmail] {
            let teams = try oracle.teamIDs(of: email)
            let visible = try postgres.listVisibleTools(for: email, teamIDs: teams)
            #expect(!visible.isEmpty)
            #expect(visible == oracle.visibleTools(for: email, teamIDs: teams), "\(email)")
        }
        #expect(try postgres.listVisibleTools(for: "nobody@nowhere.example", teamIDs: [])
            == oracle.visibleTools(for: "nobody@nowhere.example", teamIDs: []))
        var pages: [Tool] = []
        var cursor: ToolCursor?
        repeat {
            let page = try postgres.page(after: cursor, size: 50)
            pages += page.tools
            cursor = page.nextCursor
        } while cursor != nil
        #expect(pages == oracle.enabledNewestFirst)
    }

    @Test func heartbeatsWriteToAScratchCopyOnly() throws {
        let scratch = try PostgresScratch(store: store, database: database, tables: .heartbeats)
        let agents = try PostgresAgentService(connection: scratch.connection)
        let live = try scratch.connection.query("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id LIMIT 1").int64(0, 0)
        let retired = try scratch.connection.query("SELECT id FROM agents WHERE retired_at IS NOT NULL ORDER BY id LIMIT 1").int64(0, 0)
        let at = SeedPlan.referenceMilliseconds + 5_000
        #expect(try agents.heartbeat(Heartbeat(agentID: live, metadata: HeartbeatMetadata(version: "2.0.0"), at: at)) == .updated)
        #expect(try agents.heartbeat(Heartbeat(agentID: retired, at: at)) == .gone)
        #expect(try agents.heartbeat(Heartbeat(agentID: 999_999, at: at)) == .notFound)
        #expect(try agents.heartbeats([Heartbeat(agentID: live, at: at + 1), Heartbeat(agentID: retired, at: at + 1)]) == [.updated, .gone])
        let written = try scratch.connection.query("SELECT last_heartbeat_at, version FROM agents WHERE id = \(live)")
        #expect(written.int64(0, 0) == at + 1 && written.string(0, 1) == "2.0.0")
        #expect(try scratch.connection.query("SELECT count(*) FROM audit_events").int64(0, 0) == 2)
        let seeded = try connection.query("SELECT last_heartbeat_at FROM agents WHERE id = \(live)").int64(0, 0)
        #expect(seeded != at + 1, "the seeded schema was written")
        #expect(try connection.query("SELECT count(*) FROM audit_events").int64(0, 0) == 0)
        scratch.drop()
        #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = '\(scratch.schema)'").int64(0, 0) == 0)
    }

    /// The same writes on a PostgreSQL scratch copy and on a copy of the SQLite file leave the same
    /// listing; the seeded schema stays as it was.
    @Test func toolWritesMatchSQLiteOnAScratchCopyOnly() throws {
        let copy = directory + "/writes.sqlite"
        try FileManager.default.copyItem(atPath: sqlite.0.path, toPath: copy)
        let reference = try ToolService(connection: SQLiteConnection(path: copy))
        let scratch = try PostgresScratch(store: store, database: database, tables: .tools)
        let postgres = try PostgresToolService(connection: scratch.connection)
        let gateway = try PeerGateway.all(in: sqlite.1)[0]
        let catalog = PeerCatalogGenerator.catalogs(for: [gateway], toolsPerGateway: 60, seed: 7)[gateway.id]!
        let quoted = PeerTool(originalName: "quote \"and\" back\\slash, {braces}", description: "a \"b\" \\ c", inputSchema: "{\"k\":\"v\"}")
        let versions = [Array(catalog.prefix(50)) + [quoted], catalog.dropFirst(10).map { PeerTool(originalName: $0.originalName, description: $0.description + " v2", inputSchema: $0.inputSchema) }]
        for service in [reference as any ToolCatalogService, postgres] {
            let new = NewTool(gatewayID: gateway.id, originalName: "Made Here", description: "d", inputSchema: "{}",
                              ownerEmail: database.manifest.powerUserEmail, teamID: 1, visibility: .team)
            let created = try service.create(new, at: SeedPlan.referenceMilliseconds + 1)
            #expect(created.teamID == 1 && created.gatewayName == gateway.name && created.name == gateway.slug + "-made-here")
            #expect(throws: (any Error).self, "the name is taken") { try service.create(new, at: 0) }
            #expect(try service.update(id: created.id, description: "changed", visibility: .public, isEnabled: true, at: SeedPlan.referenceMilliseconds + 2))
            #expect(try !service.update(id: 999_999_999, description: "x", visibility: .public, isEnabled: true, at: 0))
            #expect(try service.delete(id: 1))
            #expect(try !service.delete(id: 1))
            let first = try service.refreshCatalog(gatewayID: gateway.id, tools: versions[0], ownerEmail: "o@x", at: SeedPlan.referenceMilliseconds + 3)
            let second = try service.refreshCatalog(gatewayID: gateway.id, tools: versions[1], ownerEmail: "o@x", at: SeedPlan.referenceMilliseconds + 4)
            #expect(second == CatalogRefresh(inserted: 10, updated: 40, deleted: first.inserted + first.updated - 40))
            #expect(throws: (any Error).self) { try service.refreshCatalog(gatewayID: 999_999, tools: [], ownerEmail: "o@x", at: 0) }
        }
        // New rows' ids are the engine's: SQLite reuses the largest id after deleting it, and
        // PostgreSQL's sequence skips the numbers an upsert's conflicting rows drew.
        func withoutNewIDs(_ tools: [Tool]) -> [Tool] {
            tools.map { tool in
                var tool = tool
                if tool.id > database.manifest.rowCounts["tools"]! { tool.id = 0 }
                return tool
            }
        }
        #expect(try withoutNewIDs(postgres.listTools(limit: nil)) == withoutNewIDs(reference.listTools()))
        #expect(try connection.query("SELECT count(*) FROM tools WHERE id = 1").int64(0, 0) == 1, "the seeded schema was written")
    }

    @Test func aFailedStatementIsAStatementErrorWithItsState() throws {
        let error = #expect(throws: PostgresError.self) { try connection.execute("SELECT * FROM no_such_table") }
        #expect(error?.kind == .statement)
        #expect(error?.sqlState == "42P01")
    }
}
