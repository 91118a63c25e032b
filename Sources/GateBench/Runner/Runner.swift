/// Runs benchmarks: warmup, calibration, measured rounds, one allocation round.
///
/// The timed window of a round holds exactly two clock reads around one call of the round
/// closure, which loops over the body itself; sample storage is reserved before measuring.
public struct Runner: Sendable {
    /// Calibration stops growing iterations here (a body the optimizer emptied takes no time at any count).
    public static let maxIterations = 1 << 30

    public let configuration: RunnerConfiguration
    public let clock: ClockCharacteristics
    public let allocator: Jemalloc
    public let hooks: MeasurementHooks
    /// Runs async allocation rounds, child tasks included, on one thread so that they are counted exactly.
    let allocationExecutor = SingleThreadExecutor()

    public init(
        configuration: RunnerConfiguration, clock: ClockCharacteristics, allocator: Jemalloc, hooks: MeasurementHooks = .none
    ) {
        self.configuration = configuration
        self.clock = clock
        self.allocator = allocator
        self.hooks = hooks
    }

    /// Measures one benchmark.
    ///
    /// - Throws: `BenchmarkFailure` when its setup, a hook, the body or the teardown throws.
    public func run(_ benchmark: Benchmark) async throws(BenchmarkFailure) -> BenchmarkResult {
        do {
            resetPeakResidentBytes()
            let result = try await measure(benchmark)
            try benchmark.verify?(result)
            return result
        } catch let failure as BenchmarkFailure {
            throw failure
        } catch {
            throw BenchmarkFailure(id: benchmark.id, message: String(describing: error), isEnvironmental: error is EnvironmentError)
        }
    }

    private func measure(_ benchmark: Benchmark) async throws -> BenchmarkResult {
        let prepared = try await benchmark.makePrepared()
        if case .samples(let measureItself) = prepared.round {
            try hooks.willMeasure(benchmark.id)
            let load = try await measureItself()
            try hooks.didMeasure(benchmark.id)
            guard !load.latencies.isEmpty else { throw BenchmarkFailure(id: benchmark.id, message: "it measured no request") }
            let extraInfo = try await prepared.finish()
            return BenchmarkResult(
                id: benchmark.id, iterations: 1, warmupRounds: 0, roundNanoseconds: load.latencies, allocator: nil,
                peakResidentBytes: peakResidentBytes(), extraInfo: extraInfo, achievedRate: load.achievedRate)
        }
        let iterations: Int
        var warmupRounds = 0
        var samples: [UInt64]
        switch benchmark.mode {
        case .automatic:
            let warmupStart = MonotonicClock.now()
            let target = configuration.targetRoundNanoseconds(clock)
            var calibrated = 1
            while true {
                var elapsed = try await timedRound(prepared, iterations: calibrated)
                warmupRounds += 1
                if elapsed >= target {
                    // A cold first round (caches, page faults) can reach the target alone: only a
                    // warm round at the same count ends calibration.
                    elapsed = try await timedRound(prepared, iterations: calibrated)
                    warmupRounds += 1
                }
                if elapsed >= target || calibrated >= Self.maxIterations { break }
                calibrated = Self.nextIterations(calibrated, elapsed: elapsed, target: target)
            }
            iterations = calibrated
            while MonotonicClock.now() &- warmupStart < configuration.warmupNanoseconds {
                _ = try await timedRound(prepared, iterations: iterations)
                warmupRounds += 1
            }
            let capacity = configuration.maxRounds
            samples = []
            samples.reserveCapacity(capacity)
            try hooks.willMeasure(benchmark.id)
            let start = MonotonicClock.now()
            while samples.count < capacity
                && (samples.count < configuration.minRounds
                    || MonotonicClock.now() &- start < configuration.maxTimeNanoseconds)
            {
                samples.append(try await timedRound(prepared, iterations: iterations))
            }
            try hooks.didMeasure(benchmark.id)
        case .explicit(let rounds, let explicitIterations, let explicitWarmup):
            iterations = explicitIterations
            for _ in 0..<explicitWarmup { _ = try await timedRound(prepared, iterations: iterations) }
            warmupRounds = explicitWarmup
            samples = []
            samples.reserveCapacity(rounds)
            try hooks.willMeasure(benchmark.id)
            for _ in 0..<rounds { samples.append(try await timedRound(prepared, iterations: iterations)) }
            try hooks.didMeasure(benchmark.id)
        }
        let allocations = try await allocationRound(prepared, iterations: iterations)
        let extraInfo = try await prepared.finish()
        return BenchmarkResult(
            id: benchmark.id, iterations: iterations, warmupRounds: warmupRounds, roundNanoseconds: samples,
            allocator: allocations, peakResidentBytes: peakResidentBytes(), extraInfo: extraInfo)
    }

    /// One round between its untimed hooks; returns the round's duration in nanoseconds.
    private func timedRound(_ prepared: PreparedBenchmark, iterations: Int) async throws -> UInt64 {
        try prepared.beforeRound()
        let elapsed: UInt64
        switch prepared.round {
        case .sync(let round):
            let start = MonotonicClock.now()
            try round(iterations)
            elapsed = MonotonicClock.now() &- start
        case .async(let round):
            let start = MonotonicClock.now()
            try await round(iterations)
            elapsed = MonotonicClock.now() &- start
        case .samples:
            preconditionFailure("self-measuring benchmarks have no rounds")
        }
        try prepared.afterRound()
        return elapsed
    }

    /// A round run only to count allocations, so no allocator snapshot disturbs a timed round.
    private func allocationRound(_ prepared: PreparedBenchmark, iterations: Int) async throws -> AllocatorDelta {
        try prepared.beforeRound()
        let delta: AllocatorDelta
        switch prepared.round {
        case .sync(let round):
            let previous = allocator.bindCurrentThread()
            defer { allocator.restoreThreadArena(previous) }
            let start = allocator.snapshot()
            try round(iterations)
            let end = allocator.snapshot()
            delta = AllocatorDelta(from: start, to: end, iterations: iterations, threadBytesValid: true)
        case .async(let round):
            delta = try await withTaskExecutorPreference(allocationExecutor) { [allocator] in
                let previous = allocator.bindCurrentThread()
                defer { allocator.restoreThreadArena(previous) }
                // The timed rounds ran on the cooperative pool: one unmeasured round first pays this
                // thread's first-use costs (the runtime's per-thread caches), as swift-nio's
                // allocation counter throws its first run away.
                try await round(iterations)
                try prepared.afterRound()
                try prepared.beforeRound()
                let start = allocator.snapshot()
                try await round(iterations)
                let end = allocator.snapshot()
                return AllocatorDelta(from: start, to: end, iterations: iterations, threadBytesValid: true)
            }
        case .samples:
            preconditionFailure("self-measuring benchmarks have no allocation round")
        }
        try prepared.afterRound()
        return delta
    }

    /// The next calibration step: scale toward `target` with 20 % headroom, by ×2 at least and ×10 at most.
    static func nextIterations(_ iterations: Int, elapsed: UInt64, target: UInt64) -> Int {
        let factor = elapsed == 0 ? 10 : min(max(Double(target) * 1.2 / Double(elapsed), 2), 10)
        return min(Int((Double(iterations) * factor).rounded(.up)), maxIterations)
    }
}
