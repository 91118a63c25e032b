/// One benchmark in a saved run, in pytest-benchmark's `benchmarks[]` shape (times in seconds).
///
/// Our own figures (percentiles, the median's confidence interval, allocator counts, peak memory)
/// live in `extra_info` under the keys of `HarnessKey`, beside the benchmark's own figures.
public struct BenchmarkRecord: Sendable, Codable, Equatable {
    public var group: String
    public var name: String
    public var fullname: String
    public var params: [String: String]
    public var param: String?
    public var extraInfo: ExtraInfo
    public var options: Options
    public var stats: Stats

    /// How the benchmark was run, pytest-benchmark's `options`.
    public struct Options: Sendable, Codable, Equatable {
        public var minRounds: Int
        public var maxTime: Double
        public var warmup: Double
        public var mode: String
        public var timer: String

        enum CodingKeys: String, CodingKey {
            case minRounds = "min_rounds", maxTime = "max_time", warmup, mode, timer
        }
    }

    /// pytest-benchmark's `stats`, in seconds per operation; `data` holds every round's sample.
    public struct Stats: Sendable, Codable, Equatable {
        public var min, max, mean, stddev: Double
        public var rounds: Int
        public var median, iqr, q1, q3: Double
        public var iqrOutliers, stddevOutliers: Int
        public var outliers: String
        public var ld15iqr, hd15iqr, ops, total: Double
        public var iterations: Int
        public var data: [Double]

        enum CodingKeys: String, CodingKey {
            case min, max, mean, stddev, rounds, median, iqr, q1, q3, outliers, ld15iqr, hd15iqr, ops, total
            case iterations, data
            case iqrOutliers = "iqr_outliers", stddevOutliers = "stddev_outliers"
        }
    }

    enum CodingKeys: String, CodingKey {
        case group, name, fullname, params, param, options, stats
        case extraInfo = "extra_info"
    }

    /// The `extra_info` keys the harness writes; benchmarks must not use them.
    public enum HarnessKey {
        public static let p50 = "p50", p90 = "p90", p95 = "p95", p99 = "p99", p999 = "p99.9"
        public static let medianCILow = "median_ci_low", medianCIHigh = "median_ci_high"
        public static let allocationsPerOp = "allocations_per_op"
        public static let bytesAllocatedPerOp = "bytes_allocated_per_op"
        public static let bytesFreedPerOp = "bytes_freed_per_op"
        public static let peakResidentBytes = "peak_rss_bytes"
        public static let warmupRounds = "warmup_rounds"
        /// The coverage the median's interval really has (93.75 % at n = 5, not 95 %).
        public static let medianCICoverage = "median_ci_coverage"
        /// Present (true) when the body was optimized away: the times mean nothing.
        public static let optimizedAway = "optimized_away"
        static let all: Set<String> = [
            p50, p90, p95, p99, p999, medianCILow, medianCIHigh, allocationsPerOp, bytesAllocatedPerOp,
            bytesFreedPerOp, peakResidentBytes, warmupRounds, medianCICoverage, optimizedAway,
        ]
    }

    /// Converts a measured result (nanoseconds) into the saved form (seconds).
    public init(_ result: BenchmarkResult, mode: RunMode, configuration: RunnerConfiguration) {
        let s = result.statistics
        let seconds = 1e-9
        group = result.id.group
        name = result.id.name
        fullname = result.id.fullname
        params = result.id.params
        param = result.id.params.isEmpty ? nil : String(result.id.paramSuffix.dropFirst().dropLast())
        let modeName: String
        if case .explicit = mode { modeName = "explicit" } else { modeName = "automatic" }
        let isSelfMeasured = result.allocator == nil
        options = Options(
            minRounds: configuration.minRounds, maxTime: Double(configuration.maxTimeNanoseconds) * seconds,
            warmup: Double(configuration.warmupNanoseconds) * seconds, mode: isSelfMeasured ? "self-measured" : modeName, timer: "clock_gettime(CLOCK_MONOTONIC)")
        stats = Stats(
            min: s.min * seconds, max: s.max * seconds, mean: s.mean * seconds, stddev: s.stddev * seconds,
            rounds: s.rounds, median: s.median * seconds, iqr: s.iqr * seconds, q1: s.q1 * seconds,
            q3: s.q3 * seconds, iqrOutliers: s.iqrOutliers, stddevOutliers: s.stddevOutliers,
            outliers: "\(s.stddevOutliers);\(s.iqrOutliers)", ld15iqr: s.ld15iqr * seconds,
            hd15iqr: s.hd15iqr * seconds, ops: result.achievedRate ?? s.ops / seconds, total: s.total * seconds,
            iterations: result.iterations,
            data: Self.compactSamples(result.roundNanoseconds.map { Double($0) / Double(result.iterations) * seconds }))
        precondition(
            HarnessKey.all.isDisjoint(with: result.extraInfo.keys),
            "\(fullname) reports extra_info keys reserved by the harness")
        var extra = result.extraInfo
        extra[HarnessKey.p50] = .number(s.percentiles.p50 * seconds)
        extra[HarnessKey.p90] = .number(s.percentiles.p90 * seconds)
        extra[HarnessKey.p95] = .number(s.percentiles.p95 * seconds)
        extra[HarnessKey.p99] = .number(s.percentiles.p99 * seconds)
        extra[HarnessKey.p999] = .number(s.percentiles.p999 * seconds)
        extra[HarnessKey.medianCILow] = .number(s.medianConfidenceInterval.lowerBound * seconds)
        extra[HarnessKey.medianCIHigh] = .number(s.medianConfidenceInterval.upperBound * seconds)
        extra[HarnessKey.medianCICoverage] = .number(s.medianIntervalCoverage)
        if result.isOptimizedAway { extra[HarnessKey.optimizedAway] = .bool(true) }
        if let allocator = result.allocator {
            extra[HarnessKey.allocationsPerOp] = .number(allocator.allocationsPerOp)
            if let bytes = allocator.bytesAllocatedPerOp { extra[HarnessKey.bytesAllocatedPerOp] = .number(bytes) }
            if let bytes = allocator.bytesFreedPerOp { extra[HarnessKey.bytesFreedPerOp] = .number(bytes) }
        }
        extra[HarnessKey.peakResidentBytes] = .count(result.peakResidentBytes)
        extra[HarnessKey.warmupRounds] = .count(result.warmupRounds)
        extraInfo = extra
    }

    /// Samples kept in `stats.data`: all of them up to `maxSavedSamples`, otherwise that many evenly
    /// spaced order statistics (the distribution, for the compare engine's rank test, in a file of
    /// tens of kilobytes per benchmark rather than hundreds).
    static func compactSamples(_ samples: [Double]) -> [Double] {
        guard samples.count > maxSavedSamples else { return samples }
        let sorted = samples.sorted()
        return (0..<maxSavedSamples).map { sorted[$0 * (sorted.count - 1) / (maxSavedSamples - 1)] }
    }

    /// The most samples a record keeps.
    public static let maxSavedSamples = 1_000

    /// True when the runner flagged the body as optimized away.
    public var isOptimizedAway: Bool { extraInfo[HarnessKey.optimizedAway] == .bool(true) }

    /// A numeric `extra_info` figure, if present.
    public func extraNumber(_ key: String) -> Double? {
        if case .number(let value) = extraInfo[key] { value } else { nil }
    }
}
