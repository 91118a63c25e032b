/// Everything measured for one benchmark.
public struct BenchmarkResult: Sendable {
    public let id: BenchmarkID
    /// Operations per round (calibrated, or the explicit mode's figure).
    public let iterations: Int
    /// Unmeasured rounds run before measuring (calibration included).
    public let warmupRounds: Int
    /// Each measured round's duration in nanoseconds.
    public let roundNanoseconds: [UInt64]
    /// Statistics of the per-operation time of each round, in nanoseconds.
    public let statistics: Statistics
    /// Allocations of one extra, untimed-for-speed round of `iterations` operations; nil for
    /// self-measuring benchmarks.
    public let allocator: AllocatorDelta?
    /// The process's peak resident memory when the benchmark finished, in bytes.
    public let peakResidentBytes: UInt64
    /// Figures the benchmark reported in its teardown.
    public let extraInfo: ExtraInfo
    /// Requests per second a self-measuring open-loop benchmark achieved; nil for round-based ones.
    public let achievedRate: Double?

    /// True when the optimizer removed the body: calibration reached its cap, or an operation took
    /// less than a tenth of a nanosecond (under one CPU cycle). Its times are then two clock reads
    /// divided by a billion iterations, not the cost of anything.
    public var isOptimizedAway: Bool {
        allocator != nil && (iterations >= Runner.maxIterations || statistics.median < 0.1)
    }

    public init(
        id: BenchmarkID, iterations: Int, warmupRounds: Int, roundNanoseconds: [UInt64],
        allocator: AllocatorDelta?, peakResidentBytes: UInt64, extraInfo: ExtraInfo,
        achievedRate: Double? = nil
    ) {
        self.id = id
        self.iterations = iterations
        self.warmupRounds = warmupRounds
        self.roundNanoseconds = roundNanoseconds
        self.statistics = Statistics(samples: roundNanoseconds.map { Double($0) / Double(iterations) })
        self.allocator = allocator
        self.peakResidentBytes = peakResidentBytes
        self.extraInfo = extraInfo
        self.achievedRate = achievedRate
    }
}

/// An error of the machine rather than of the benchmark (perf stopped, a disk filled): `bench`
/// exits 4 for it instead of 3.
public protocol EnvironmentError: Error {}

/// A benchmark that could not be measured: its setup, body or check threw.
public struct BenchmarkFailure: Sendable, Error, CustomStringConvertible {
    public let id: BenchmarkID
    public let message: String
    /// True when the cause was the environment (an `EnvironmentError`), not the benchmark.
    public let isEnvironmental: Bool

    public init(id: BenchmarkID, message: String, isEnvironmental: Bool = false) {
        self.id = id
        self.message = message
        self.isEnvironmental = isEnvironmental
    }

    public var description: String { "\(id.fullname) failed: \(message)" }
}
