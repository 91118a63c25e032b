import Foundation

/// Everything a load run measured, as saved in `--json` and printed.
public struct LoadReport: Sendable, Codable {
    public var scenario: String
    public var wave: String
    /// The database engine: `sqlite` or `postgres` (absent in files written before engines existed: sqlite).
    public var backend: String?
    public var workers: Int
    /// True when the run was stopped (Ctrl-C) before its last phase ended.
    public var interrupted: Bool
    public var phases: [PhaseReport]
    /// One point per second.
    public var timeline: [TimelinePoint]
    /// Checks of the data after the run (seats, race flag); one broken is exit 3.
    public var invariants: [InvariantResult]
    public var assertions: [AssertionResult]
    /// Memory's trend over the longest steady phase that is not a warm-up.
    public var leak: LeakVerdict

    /// True when every assertion held.
    public var passed: Bool { assertions.allSatisfy(\.held) }
}

public struct PhaseReport: Sendable, Codable {
    public var name: String
    /// `rate 200..2000/s` or `users 8`.
    public var load: String
    public var warmup: Bool
    /// Whether the assertions cover this phase.
    public var asserted: Bool
    public var seconds: Double
    /// Open loop: arrivals scheduled, dropped (queue full) and late (generator held up > 1 ms).
    public var scheduled: Int
    public var dropped: Int
    public var late: Int
    /// Open loop: p99 of the delay from due time to the start of service, milliseconds.
    public var startLatenessP99Ms: Double?
    public var total: OperationReport
    /// Where the time went and where p95 started to climb (set once the run's timeline is complete).
    public var bottleneck: Bottleneck?
    /// A capacity search's steps and result.
    public var search: SearchReport?
    public var operations: [OperationReport]
}

/// The highest rate at which every assertion held, to within 10 %, and each rate tried.
public struct SearchReport: Sendable, Codable {
    public struct Step: Sendable, Codable {
        public var rate: Double
        /// More than 1 only when the generator was late on the earlier tries.
        public var tries: Int
        public var achieved: Double
        public var p99Ms: Double
        public var dropped: Int
        public var held: Bool
        /// The assertions that failed at this rate.
        public var failed: [String]
    }

    public var highestHeld: Double?
    public var lowestNotHeld: Double?
    public var steps: [Step]
}

public struct OperationReport: Sendable, Codable {
    public var operation: String
    public var count: Int
    public var ok: Int
    public var rejected: [String: Int]
    public var errors: Int
    public var errorMessages: [String]
    /// L1 cache misses that loaded the listing (`cached_get`).
    public var cacheMisses: Int
    /// Busy-handler retries while another connection held SQLite's write lock.
    public var lockRetries: Int
    /// Completed requests per second of the phase.
    public var throughput: Double
    public var p50Ms, p95Ms, p99Ms, maxMs: Double
    /// Latency at 50, 90, 99, 99.9, 99.99 and 99.999 % and the maximum (100), milliseconds: the
    /// HdrHistogram percentile ladder the report plots; absent in reports of older builds.
    public var percentilesMs: [PercentileValue]?
    public var errorRate: Double { count == 0 ? 0 : Double(errors) / Double(count) }

    init(_ name: String, _ tally: OperationTally, seconds: Double) {
        operation = name
        count = tally.count
        ok = tally.ok
        rejected = tally.rejected
        errors = tally.errors
        errorMessages = tally.errorMessages
        cacheMisses = tally.cacheMisses
        lockRetries = tally.lockRetries
        throughput = seconds > 0 ? Double(tally.count) / seconds : 0
        func milliseconds(_ percentile: Double) -> Double {
            tally.count == 0 ? 0 : Double(tally.latency.valueAtPercentile(percentile)) / 1e6
        }
        p50Ms = milliseconds(50)
        p95Ms = milliseconds(95)
        p99Ms = milliseconds(99)
        maxMs = tally.count == 0 ? 0 : Double(tally.latency.max) / 1e6
        percentilesMs =
            tally.count == 0
            ? [] : PercentileValue.ladder.map { PercentileValue(percentile: $0, value: milliseconds($0)) }
            + [PercentileValue(percentile: 100, value: maxMs)]
    }
}

/// A latency percentile and its value.
public struct PercentileValue: Sendable, Codable, Equatable {
    public var percentile: Double
    public var value: Double

    public init(percentile: Double, value: Double) {
        self.percentile = percentile
        self.value = value
    }

    /// The percentiles reports plot, each a "nine" further out.
    public static let ladder: [Double] = [50, 90, 99, 99.9, 99.99, 99.999]
}

public struct TimelinePoint: Sendable, Codable {
    /// Seconds since the run started.
    public var second: Int
    public var phase: String
    public var offered: Int
    public var achieved: Int
    public var errors: Int
    public var p50Ms, p95Ms, p99Ms: Double
    /// p95 of each operation completed in that second.
    public var operationP95Ms: [String: Double]
    public var busyWorkers: Int
    public var residentBytes: UInt64
    public var allocatedBytes: UInt64?
    /// Process CPU time over wall time, percent (200 = both cores busy).
    public var cpuPercent: Double
}

public struct AssertionResult: Sendable, Codable {
    public var assertion: String
    public var measured: Double
    public var held: Bool
}

extension Scenario.Assertion {
    /// The measured value over `tally` (the asserted phases merged) and whether it holds.
    /// `leak` nil: the memory slope is not judged (a search's short tries) and holds.
    func evaluate(_ tally: PhaseTally, seconds: Double, dropped: Int, leak: LeakVerdict?) -> AssertionResult {
        var merged = OperationTally()
        if let operation {
            merged = tally.operations[operation] ?? OperationTally()
        } else {
            for (_, one) in tally.operations { merged.add(one) }
        }
        let report = OperationReport(operation?.rawValue ?? "all", merged, seconds: seconds)
        let measured: Double =
            switch metric {
            case .p50: report.p50Ms
            case .p95: report.p95Ms
            case .p99: report.p99Ms
            case .max: report.maxMs
            case .errorRate: report.errorRate
            case .throughput: report.throughput
            case .dropped: Double(dropped)
            case .memorySlope: leak?.slopeMiBPerMinute ?? 0
            }
        if metric == .memorySlope && leak == nil { return AssertionResult(assertion: description, measured: measured, held: true) }
        let judged = metric == .memorySlope ? leak?.judged ?? false : merged.count > 0
        return AssertionResult(assertion: description, measured: measured, held: judged && comparator.holds(measured, bound))
    }
}
