import Synchronization
import Testing

@testable import GateBench

/// Counts hook calls across the runner's closures.
final class HookCounter: Sendable {
    let setups = Atomic(0), beforeRounds = Atomic(0), afterRounds = Atomic(0), teardowns = Atomic(0), bodies = Atomic(0)
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

struct RunnerTests {
    let runner: Runner

    init() throws {
        runner = Runner(
            configuration: RunnerConfiguration(maxTimeNanoseconds: 20_000_000, minRounds: 3, warmupNanoseconds: 1_000_000),
            clock: ClockCharacteristics.measure(samples: 1_000), allocator: try Jemalloc())
    }

    @Test func explicitModeRunsExactlyWhatItSays() async throws {
        let counter = HookCounter()
        let benchmark = Benchmark(
            "test", "explicit", mode: .explicit(rounds: 7, iterations: 3, warmupRounds: 2),
            setup: { () -> HookCounter in
                counter.setups.add(1, ordering: .relaxed)
                return counter
            },
            beforeRound: { (counter: HookCounter) in counter.beforeRounds.add(1, ordering: .relaxed) },
            afterRound: { (counter: HookCounter) in counter.afterRounds.add(1, ordering: .relaxed) },
            teardown: { (counter: HookCounter) -> ExtraInfo in
                counter.teardowns.add(1, ordering: .relaxed)
                return ["answer": .count(42)]
            },
            body: { (counter: HookCounter) in counter.bodies.add(1, ordering: .relaxed) })
        let result = try await runner.run(benchmark)
        #expect(result.statistics.rounds == 7)
        #expect(result.iterations == 3)
        #expect(result.warmupRounds == 2)
        #expect(counter.setups.load(ordering: .relaxed) == 1)
        #expect(counter.teardowns.load(ordering: .relaxed) == 1)
        // 2 warmup + 7 measured + 1 allocation round, each between its hooks.
        #expect(counter.beforeRounds.load(ordering: .relaxed) == 10)
        #expect(counter.afterRounds.load(ordering: .relaxed) == 10)
        #expect(counter.bodies.load(ordering: .relaxed) == 30)
        #expect(result.extraInfo["answer"] == .count(42))
    }

    @Test func automaticModeCalibratesAboveTheTargetRound() async throws {
        let result = try await runner.run(Benchmark("test", "tiny") { blackHole(identity(1)) })
        let target = runner.configuration.targetRoundNanoseconds(runner.clock)
        #expect(result.statistics.rounds >= 3)
        #expect(result.statistics.rounds <= runner.configuration.maxRounds)
        #expect(result.roundNanoseconds.sorted()[result.roundNanoseconds.count / 2] >= target / 2)
        #expect(result.iterations > 1)
    }

    @Test func slowBodiesStillRunTheMinimumRounds() async throws {
        let result = try await runner.run(
            Benchmark("test", "slow") { blackHole(spinForTest(nanoseconds: identity(12_000_000))) })
        #expect(result.iterations == 1)
        #expect(result.statistics.rounds == 3)
    }

    @Test func asyncBodiesAreMeasured() async throws {
        let result = try await runner.run(Benchmark("test", "async", asyncBody: { await Task.yield() }))
        #expect(result.statistics.rounds >= 3)
        // The allocation round runs on one thread (a task executor preference): bytes are counted too.
        #expect(try #require(result.allocator).bytesAllocated != nil)
    }

    @Test func aThrowingSetupIsAFailureNamingTheBenchmark() async throws {
        let benchmark = Benchmark(
            "test", "broken", setup: { () throws -> Int in throw TestFailure(description: "wrong answer: 3 != 4") },
            body: { blackHole($0) })
        await #expect(throws: BenchmarkFailure.self) { try await runner.run(benchmark) }
        do {
            _ = try await runner.run(benchmark)
        } catch {
            #expect(error.description == "test/broken failed: wrong answer: 3 != 4")
        }
    }

    @Test func aFailureDoesNotStopTheOtherBenchmarks() async {
        let broken = Benchmark("test", "broken", mode: .explicit(rounds: 1, iterations: 1, warmupRounds: 0)) {
            throw TestFailure(description: "boom")
        }
        let fine = Benchmark("test", "fine", mode: .explicit(rounds: 2, iterations: 1, warmupRounds: 0)) {}
        let outcome = await runner.run([broken, fine])
        #expect(outcome.failures.map(\.id.name) == ["broken"])
        #expect(outcome.records.map(\.name) == ["fine"])
    }

    @Test func emptyBodyAllocatesNothing() async throws {
        let result = try await runner.run(Benchmark("test", "empty") {})
        let allocator = try #require(result.allocator)
        #expect(allocator.allocations == 0)
        #expect(allocator.bytesAllocated == 0)
    }

    @Test func selfMeasuringBenchmarksReportTheirOwnSamples() async throws {
        let benchmark = Benchmark("test", "open_loop", setup: { [UInt64(300), 100, 200] },
            measure: { MeasuredLoad(latencies: $0, achievedRate: 167) })
        let result = try await runner.run(benchmark)
        #expect(result.statistics.rounds == 3)
        #expect(result.statistics.median == 200)
        #expect(result.allocator == nil)
        let record = BenchmarkRecord(result, mode: benchmark.mode, configuration: runner.configuration)
        #expect(record.options.mode == "self-measured")
        #expect(record.stats.ops == 167)
    }

    @Test(arguments: [(1, 0, 10), (10, 1_000, 100), (100, 50_000, 240), (1_000, 99_000, 2_000)])
    func calibrationScalesTowardTheTarget(iterations: Int, elapsed: UInt64, expected: Int) {
        #expect(Runner.nextIterations(iterations, elapsed: elapsed, target: 100_000) == expected)
    }

    @Test func calibrationNeverPassesTheCap() {
        #expect(Runner.nextIterations(Runner.maxIterations / 2, elapsed: 0, target: 100) == Runner.maxIterations)
    }
}

func spinForTest(nanoseconds: UInt64) -> UInt64 {
    let start = MonotonicClock.now()
    var now = start
    while now &- start < nanoseconds { now = MonotonicClock.now() }
    return now &- start
}
