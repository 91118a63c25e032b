#if canImport(Glibc)
import Glibc
#endif

/// Summary statistics of a benchmark's rounds, each sample being one round's time per operation.
///
/// Definitions follow pytest-benchmark (`stats.py`) so figures match its reports: sample standard
/// deviation, quartiles by its "method 1 / method 3", Tukey fences at 1.5 IQR, `ops = 1 / mean`.
/// Percentiles interpolate linearly between order statistics (numpy's default).
public struct Statistics: Sendable, Codable, Equatable {
    public let rounds: Int
    public let min: Double
    public let max: Double
    public let mean: Double
    public let stddev: Double
    public let median: Double
    public let q1: Double
    public let q3: Double
    /// Lowest sample within 1.5 IQR below q1.
    public let ld15iqr: Double
    /// Highest sample within 1.5 IQR above q3.
    public let hd15iqr: Double
    /// Samples outside `mean ± stddev`.
    public let stddevOutliers: Int
    /// Samples outside the Tukey fences `q1 − 1.5 IQR`, `q3 + 1.5 IQR`.
    public let iqrOutliers: Int
    /// Sum of the samples (pytest-benchmark's `total`).
    public let total: Double
    public let percentiles: Percentiles
    /// A distribution-free confidence interval of the median, from order statistics, aiming at 95 %.
    public let medianConfidenceInterval: ClosedRange<Double>
    /// The coverage `medianConfidenceInterval` actually has (binomial, exact): 93.75 % for 5 samples.
    public let medianIntervalCoverage: Double

    public var iqr: Double { q3 - q1 }
    /// Operations per time unit of the samples (per nanosecond for ns samples).
    public var ops: Double { total > 0 ? Double(rounds) / total : 0 }

    /// Computes every figure from `samples`, which must not be empty.
    public init(samples: [Double]) {
        precondition(!samples.isEmpty, "statistics of no samples")
        let sorted = samples.sorted()
        let count = sorted.count
        rounds = count
        min = sorted[0]
        max = sorted[count - 1]
        total = sorted.reduce(0, +)
        mean = total / Double(count)
        if count > 1 {
            let mean = self.mean
            let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            stddev = (squares / Double(count - 1)).squareRoot()
        } else {
            stddev = 0
        }
        median = Self.median(sorted[...])
        (q1, q3) = Self.quartiles(sorted)
        let iqr = q3 - q1
        let lowFence = q1 - 1.5 * iqr
        let highFence = q3 + 1.5 * iqr
        if count == 1 {
            ld15iqr = sorted[0]
            hd15iqr = sorted[0]
        } else {
            ld15iqr = sorted.first { $0 >= lowFence } ?? sorted[0]
            hd15iqr = sorted.last { $0 <= highFence } ?? sorted[count - 1]
        }
        let (mean, stddev) = (self.mean, self.stddev)
        stddevOutliers = sorted.count { $0 < mean - stddev || $0 > mean + stddev }
        iqrOutliers = sorted.count { $0 < lowFence || $0 > highFence }
        percentiles = Percentiles(sorted: sorted)
        medianConfidenceInterval = Self.medianInterval(sorted)
        let ranks = Self.medianIntervalRanks(count)
        medianIntervalCoverage = Self.binomialCoverage(count: count, low: ranks.low, high: ranks.high)
    }

    /// P(low ≤ B < high) with B ~ Binomial(count, ½), 0-based ranks: the chance that the median lies
    /// between the order statistics at `low` and `high`. Exact in log space for any count.
    static func binomialCoverage(count: Int, low: Int, high: Int) -> Double {
        guard high > low else { return 0 }
        var total = 0.0
        for k in stride(from: low + 1, through: high, by: 1) {
            total += exp(lgamma(Double(count + 1)) - lgamma(Double(k + 1)) - lgamma(Double(count - k + 1)) - Double(count) * log(2))
        }
        return Swift.min(total, 1)
    }

    static func median(_ sorted: ArraySlice<Double>) -> Double {
        let count = sorted.count
        let middle = sorted.startIndex + count / 2
        return count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// pytest-benchmark's quartiles: medians of the halves for even counts,
    /// weighted neighbours (Wikipedia's method 3) for odd counts.
    static func quartiles(_ data: [Double]) -> (Double, Double) {
        let count = data.count
        if count == 1 { return (data[0], data[0]) }
        if count % 2 == 0 {
            return (median(data[..<(count / 2)]), median(data[(count / 2)...]))
        }
        let n = count / 4
        if count % 4 == 1 {
            return (0.25 * data[n - 1] + 0.75 * data[n], 0.75 * data[3 * n] + 0.25 * data[3 * n + 1])
        }
        return (0.75 * data[n] + 0.25 * data[n + 1], 0.25 * data[3 * n + 1] + 0.75 * data[3 * n + 2])
    }

    /// The order statistics bracketing the median with 95 % confidence (normal approximation
    /// of the binomial: ranks n/2 ∓ 1.96·√n/2). Fewer than 6 samples give `min...max`.
    static func medianInterval(_ sorted: [Double]) -> ClosedRange<Double> {
        let ranks = medianIntervalRanks(sorted.count)
        return sorted[ranks.low]...sorted[ranks.high]
    }

    /// The 0-based ranks of the interval's ends.
    static func medianIntervalRanks(_ count: Int) -> (low: Int, high: Int) {
        guard count >= 6 else { return (0, count - 1) }
        let n = Double(count)
        let halfWidth = 1.96 * n.squareRoot() / 2
        let low = Swift.max(Int((n / 2 - halfWidth).rounded(.down)) - 1, 0)
        let high = Swift.min(Int((n / 2 + halfWidth).rounded(.up)), count - 1)
        return (low, high)
    }
}
