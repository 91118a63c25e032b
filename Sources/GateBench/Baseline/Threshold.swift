/// A figure a comparison can judge: a statistic of the round samples or an allocator count.
public enum ComparisonMetric: String, Sendable, CaseIterable, Codable {
    case min, max, mean, median, stddev, iqr, p99
    /// Allocations per operation.
    case allocs
    /// Bytes allocated per operation.
    case bytes

    /// Allocator metrics are exact counts: no significance test is needed.
    public var isAllocatorCount: Bool { self == .allocs || self == .bytes }

    /// The value in a record: seconds for times, a count for allocator metrics.
    public func value(in record: BenchmarkRecord) -> Double? {
        switch self {
        case .min: record.stats.min
        case .max: record.stats.max
        case .mean: record.stats.mean
        case .median: record.stats.median
        case .stddev: record.stats.stddev
        case .iqr: record.stats.iqr
        case .p99: record.extraNumber(BenchmarkRecord.HarnessKey.p99)
        case .allocs: record.extraNumber(BenchmarkRecord.HarnessKey.allocationsPerOp)
        case .bytes: record.extraNumber(BenchmarkRecord.HarnessKey.bytesAllocatedPerOp)
        }
    }
}

/// "Fail when METRIC grows by more than LIMIT", in pytest-benchmark's `--benchmark-compare-fail`
/// syntax, `median:10%` or `min:0.001` (seconds), extended with decimals, `p99`, `allocs`, `bytes`.
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
    public enum Limit: Sendable, Equatable {
        /// A relative growth, 0.1 for 10 %.
        case fraction(Double)
        /// An absolute growth, in seconds for times or in units for counts.
        case absolute(Double)
    }

    public let metric: ComparisonMetric
    public let limit: Limit

    public init(metric: ComparisonMetric, limit: Limit) {
        self.metric = metric
        self.limit = limit
    }

    /// Parses `METRIC:N%` or `METRIC:N`; nil with a message when malformed.
    public init(parsing text: String) throws(ThresholdSyntaxError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let metric = ComparisonMetric(rawValue: parts[0]) else {
            throw ThresholdSyntaxError(text: text)
        }
        if parts[1].hasSuffix("%"), let percent = Double(parts[1].dropLast()), percent >= 0 {
            self.init(metric: metric, limit: .fraction(percent / 100))
        } else if let absolute = Double(parts[1]), absolute >= 0 {
            self.init(metric: metric, limit: .absolute(absolute))
        } else {
            throw ThresholdSyntaxError(text: text)
        }
    }

    /// True when going from `baseline` to `current` grows beyond the limit.
    public func isExceeded(baseline: Double, current: Double) -> Bool {
        switch limit {
        case .fraction(let fraction): baseline > 0 ? current / baseline - 1 > fraction : current > baseline
        case .absolute(let amount): current - baseline > amount
        }
    }

    public var description: String {
        switch limit {
        case .fraction(let fraction): "\(metric.rawValue):\(formatted(fraction * 100, decimals: fraction * 100 == (fraction * 100).rounded() ? 0 : 2))%"
        case .absolute(let amount): "\(metric.rawValue):\(amount)"
        }
    }
}

/// A `--compare-fail` value that is not `METRIC:N%` or `METRIC:N`.
public struct ThresholdSyntaxError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public var description: String {
        "invalid threshold '\(text)'; expected METRIC:N% or METRIC:N (seconds) with METRIC one of "
            + ComparisonMetric.allCases.map(\.rawValue).joined(separator: ", ") + ", e.g. median:10% or allocs:0%"
    }
}
