import Foundation
import GatePostgres
import Testing

@testable import GatewayPostgres
@testable import GatewayService
@testable import LoadScenarios

/// Load scenarios on PostgreSQL: every operation runs, contended writes keep their invariants,
/// and the scratch schema takes every write.
@Suite(.serialized, .enabled(if: TestServer.available, "no PostgreSQL server could be started (scripts/postgres.sh start)"))
final class PostgresLoadTests {
    let directory: String
    let seeded: DataStore.Database
    let store: PostgresDataStore
    let database: PostgresDataStore.Database
    static let plan = SeedPlan(wave: .tiny, seed: UInt64(getpid()) + 1_000_000)

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-pgload-\(UUID().uuidString)").path
        seeded = try DataStore(directory: directory).database(for: Self.plan)
        store = PostgresDataStore(url: TestServer.url!)
        database = try store.database(for: Self.plan, from: seeded)
    }

    deinit {
        try? store.connect(to: database).execute("DROP SCHEMA IF EXISTS \(database.schema) CASCADE")
        try? FileManager.default.removeItem(atPath: directory)
    }

    func run(
        _ mix: [LoadOperation: Double], _ load: Scenario.Phase.Load, seconds: Double = 0.7, seatLimit: Int = 50, verifyScope: Double = 0,
        poolSize: Int = 20
    )
        throws -> (LoadReport, PostgresScratch)
    {
        let text = """
            name: test
            workers: 2
            population: {users: 100, skew: 1}
            mix: {\(mix.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", "))}
            phases: [{duration: 1s, rate: 1}]
            """
        var scenario = try ScenarioFile.parse(text, file: "test")
        scenario.phases = [Scenario.Phase(name: "p", duration: .milliseconds(Int64(seconds * 1_000)), load: load, isWarmup: false)]
        scenario.seatLimit = seatLimit
        scenario.verifyScope = verifyScope
        let scratch = try PostgresScratch(store: store, database: database, tables: .load)
        let report = try LoadRun(scenario: scenario, wave: "tiny", database: .postgres(scratch, seededPath: seeded.path, poolSize: poolSize), jemalloc: nil).run()
        return (report, scratch)
    }

    @Test func everyOperationRunsWithoutErrorsOnTheScratchSchema() throws {
        let mix: [LoadOperation: Double] = [.scopedListing: 2, .keysetPage: 1, .userTeamIDs: 1, .teamMembers: 1, .cachedGet: 1,
                                            .heartbeat: 1, .createTool: 1, .updateTool: 1, .deleteTool: 1, .fullListing: 1,
                                            .peerRefresh: 1, .claimSeat: 1, .toggleFlag: 1]
        let (report, scratch) = try run(mix, .rate(from: 200, to: 200), seconds: 1.5)
        let phase = try #require(report.phases.first)
        #expect(report.backend == "postgres")
        #expect(phase.total.count == 300)
        #expect(phase.total.errors == 0, "\(phase.operations.flatMap(\.errorMessages))")
        #expect(Set(phase.operations.map(\.operation)).count >= 11)
        #expect(report.invariants.allSatisfy { $0.held }, "\(report.invariants)")
        let audit = Int(try scratch.connection.query("SELECT count(*) FROM audit_events").int64(0, 0))
        let beats = phase.operations.first { $0.operation == "heartbeat" }?.ok
        #expect(audit == beats)
        let seededAudit = try store.connect(to: database).query("SELECT count(*) FROM audit_events").int64(0, 0)
        #expect(seededAudit == Int64(0), "the seeded schema was written")
    }

    /// 64 concurrent joiners on 50 seats: exactly 50 joined (the limit row's lock serializes claims).
    @Test func seatContentionFillsTheLimitExactly() throws {
        let (report, _) = try run([.claimSeat: 1], .users(64))
        let claims = try #require(report.phases.first?.operations.first { $0.operation == "claim_seat" })
        #expect(claims.ok == 50)
        #expect(claims.rejected["full"] == claims.count - 50)
        #expect(claims.errors == 0, "\(claims.errorMessages)")
        #expect(report.invariants.map(\.held) == [true, true], "\(report.invariants)")
    }

    /// Toggles from 8 connections: the count equals the toggles that succeeded (none lost).
    @Test func concurrentTogglesLoseNoUpdate() throws {
        let (report, _) = try run([.toggleFlag: 1], .users(8))
        #expect(report.phases[0].total.ok > 8)
        #expect(report.invariants.map(\.name) == ["no toggle lost"])
        #expect(report.invariants.allSatisfy { $0.held }, "\(report.invariants)")
    }

    /// 16 closed-loop users on a pool of 2: every request is served, and the wait shows in where the time went.
    @Test func usersBeyondThePoolWaitForAConnection() throws {
        let (report, _) = try run([.userTeamIDs: 1], .users(16), poolSize: 2)
        let phase = try #require(report.phases.first)
        #expect(phase.total.errors == 0, "\(phase.operations.flatMap(\.errorMessages))")
        let poolWait = try #require(phase.bottleneck?.shares["pool wait"])
        #expect(poolWait > 0.3, "\(phase.bottleneck?.shares ?? [:])")
    }

    @Test func verifiedScopedListingsMatchTheOracle() throws {
        let (report, _) = try run([.scopedListing: 1], .rate(from: 100, to: 100), seconds: 0.6, verifyScope: 1)
        let check = try #require(report.invariants.first { $0.name == "no tool shown across tenants" })
        #expect(check.held, "\(check.detail)")
        #expect(check.detail.hasPrefix("60 scoped listings checked"))
    }
}
