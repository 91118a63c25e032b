import Foundation
import GatewayService
import Testing

@testable import LoadScenarios

/// Whole runs on the tiny wave, short phases.
struct LoadRunTests {
    /// A seeded tiny wave in a directory of its own, removed with it.
    final class TinyWave {
        let directory: String
        let path: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-load-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = try DataStore(directory: directory).database(for: SeedPlan(wave: .tiny, seed: 42)).path
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    static func scenario(_ mix: [LoadOperation: Double], phases: [Scenario.Phase], assertions: [String] = []) throws -> Scenario {
        let text = """
            name: test
            workers: 2
            population: {users: 100, skew: 1}
            mix: {\(mix.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", "))}
            phases: [{duration: 1s, rate: 1}]
            assertions: [\(assertions.map { "\"\($0)\"" }.joined(separator: ", "))]
            """
        var scenario = try ScenarioFile.parse(text, file: "test")
        scenario.phases = phases
        return scenario
    }

    @Test func everyScheduledArrivalIsServedAndCountedPerOperation() throws {
        let wave = try TinyWave()
        let mix: [LoadOperation: Double] = [.scopedListing: 2, .keysetPage: 1, .userTeamIDs: 1, .teamMembers: 1, .cachedGet: 1,
                                            .heartbeat: 1, .createTool: 1, .updateTool: 1, .deleteTool: 1, .fullListing: 1,
                                            .peerRefresh: 1]
        let scenario = try Self.scenario(
            mix, phases: [Scenario.Phase(name: "p", duration: .milliseconds(1_500), load: .rate(from: 200, to: 200), isWarmup: false)],
            assertions: ["error_rate == 0", "throughput > 1", "dropped == 0", "scoped_listing.p99_ms < 60000"])
        let report = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil).run()
        let phase = try #require(report.phases.first)
        #expect(phase.scheduled == 300)
        #expect(phase.total.count == 300)
        #expect(phase.operations.map(\.count).reduce(0, +) == 300)
        #expect(phase.total.errors == 0, "\(phase.operations.flatMap(\.errorMessages))")
        #expect(Set(phase.operations.map(\.operation)).count >= 9)
        #expect(phase.startLatenessP99Ms != nil)
        #expect(report.passed, "\(report.assertions)")
        #expect(!report.interrupted)
    }

    @Test func aClosedLoopPhaseRunsForItsDurationWithItsUsers() throws {
        let wave = try TinyWave()
        let scenario = try Self.scenario(
            [.userTeamIDs: 1], phases: [Scenario.Phase(name: "c", duration: .milliseconds(500), load: .users(3), isWarmup: false)])
        let started = Date()
        let report = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil).run()
        #expect(Date().timeIntervalSince(started) < 5)
        let phase = try #require(report.phases.first)
        #expect(phase.total.count > 10)
        #expect(phase.startLatenessP99Ms == nil)
        #expect(phase.seconds >= 0.5)
    }

    @Test func rampingUsersStartOneByOne() throws {
        let wave = try TinyWave()
        let scenario = try Self.scenario(
            [.noop: 1], phases: [Scenario.Phase(name: "r", duration: .milliseconds(800), load: .users(from: 1, to: 4), isWarmup: false)])
        let report = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil).run()
        #expect(report.phases[0].load == "users 1..4")
        #expect(report.phases[0].total.count > 100)
    }

    @Test func assertionsFailWhenTheyDoNotHoldAndWarmUpsAreLeftOut() throws {
        let wave = try TinyWave()
        let scenario = try Self.scenario(
            [.noop: 1],
            phases: [
                Scenario.Phase(name: "w", duration: .milliseconds(300), load: .rate(from: 1_000, to: 1_000), isWarmup: true),
                Scenario.Phase(name: "m", duration: .milliseconds(300), load: .rate(from: 100, to: 100), isWarmup: false),
            ],
            assertions: ["throughput > 500", "p99_ms < 1000", "heartbeat.p99_ms < 1000"])
        let report = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil).run()
        #expect(report.phases.map(\.scheduled) == [300, 30])
        #expect(report.assertions.map(\.held) == [false, true, false], "throughput is the measured phase's; no heartbeat ran")
        #expect(!report.passed)
    }

    @Test func stoppingEndsThePhaseAndMarksTheReport() throws {
        let wave = try TinyWave()
        let scenario = try Self.scenario(
            [.noop: 1],
            phases: [
                Scenario.Phase(name: "long", duration: .seconds(60), load: .rate(from: 100, to: 100), isWarmup: false),
                Scenario.Phase(name: "never", duration: .seconds(60), load: .users(2), isWarmup: false),
            ])
        let run = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(500)) { run.stop() }
        let started = Date()
        let report = try run.run()
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(report.interrupted)
        #expect(report.phases.map(\.name) == ["long"])
        #expect(report.phases[0].total.count < 6_000)
    }

    /// 64 concurrent joiners on 50 seats: exactly 50 joined, every time.
    @Test func seatContentionFillsTheLimitExactlyRepeatedly() throws {
        for _ in 0..<3 {
            let wave = try TinyWave()
            var scenario = try Self.scenario(
                [.claimSeat: 1], phases: [Scenario.Phase(name: "rush", duration: .milliseconds(700), load: .users(64), isWarmup: false)])
            scenario.seatLimit = 50
            let report = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil).run()
            let claims = try #require(report.phases.first?.operations.first { $0.operation == "claim_seat" })
            #expect(claims.ok == 50)
            #expect(claims.rejected["full"] == claims.count - 50)
            #expect(claims.errors == 0, "\(claims.errorMessages)")
            #expect(report.invariants.map(\.held) == [true, true], "\(report.invariants)")
        }
    }

    @Test func concurrentTogglesLoseNoUpdate() throws {
        let wave = try TinyWave()
        let scenario = try Self.scenario(
            [.toggleFlag: 1], phases: [Scenario.Phase(name: "t", duration: .milliseconds(700), load: .users(8), isWarmup: false)])
        let report = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil).run()
        #expect(report.phases[0].total.ok > 8)
        #expect(report.invariants.map(\.name) == ["no toggle lost"])
        #expect(report.invariants.filter { !$0.held }.isEmpty, "\(report.invariants)")
    }

    @Test func aCapacitySearchFindsTheHighestRateAtWhichEveryAssertionHolds() throws {
        let wave = try TinyWave()
        let search = Scenario.Phase(
            name: "capacity", duration: .milliseconds(300), load: .search(from: 100, cap: 800, step: .milliseconds(300)), isWarmup: false)
        let holds = try LoadRun(
            scenario: Self.scenario([.noop: 1], phases: [search], assertions: ["p99_ms < 1000", "dropped == 0"]), wave: "tiny",
            database: .sqlite(path: wave.path), jemalloc: nil
        ).run()
        let found = try #require(holds.phases.first?.search)
        #expect(found.steps.map(\.rate) == [100, 200, 400, 800])
        #expect(found.highestHeld == 800)
        #expect(found.lowestNotHeld == nil)
        #expect(holds.assertions.isEmpty == false && holds.phases[0].asserted == false)

        let never = try LoadRun(
            scenario: Self.scenario([.noop: 1], phases: [search], assertions: ["throughput > 1000000"]), wave: "tiny",
            database: .sqlite(path: wave.path), jemalloc: nil
        ).run()
        let failed = try #require(never.phases.first?.search)
        #expect(failed.highestHeld == nil)
        #expect(failed.lowestNotHeld == 100)
        #expect(failed.steps.first?.failed == ["throughput > 1000000"])
    }

    @Test func verifiedScopedListingsMatchTheOracle() throws {
        let wave = try TinyWave()
        var scenario = try Self.scenario(
            [.scopedListing: 1], phases: [Scenario.Phase(name: "v", duration: .milliseconds(600), load: .rate(from: 100, to: 100), isWarmup: false)])
        scenario.verifyScope = 1
        let report = try LoadRun(scenario: scenario, wave: "tiny", database: .sqlite(path: wave.path), jemalloc: nil).run()
        let check = try #require(report.invariants.first { $0.name == "no tool shown across tenants" })
        #expect(check.held, "\(check.detail)")
        #expect(check.detail.hasPrefix("60 scoped listings checked"))
    }

    @Test func theScopeCheckCatchesAToolFromAnotherTenant() {
        func tool(_ id: Int64, owner: String, team: Int64?, _ visibility: Visibility, enabled: Bool = true) -> Tool {
            Tool(
                id: id, gatewayID: 1, gatewayName: nil, originalName: "t\(id)", name: "t\(id)", description: "", inputSchema: "{}",
                ownerEmail: owner, teamID: team, teamName: nil, visibility: visibility, isEnabled: enabled, createdAt: 0, updatedAt: 0)
        }
        let shown = [
            tool(1, owner: "x@a", team: nil, .public), tool(2, owner: "me@a", team: nil, .private),
            tool(3, owner: "x@a", team: 7, .team), tool(4, owner: "x@a", team: 7, .private), tool(5, owner: "x@a", team: 9, .team),
            tool(6, owner: "x@a", team: nil, .public, enabled: false),
        ]
        #expect(ServiceWorker.notVisible(shown, to: "me@a", teams: [7]).map(\.id) == [4, 5, 6])
    }
}
