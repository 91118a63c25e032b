#if canImport(Glibc)
import Glibc
#endif

/// Wilcoxon's signed-rank statistic for paired differences: its exact null distribution and the
/// Hodges–Lehmann estimate of the differences' centre with its distribution-free confidence interval.
///
/// With A and B run back to back in a random order, a pair's difference is as likely to be
/// positive as negative when A and B are the same build, so the null distribution below is exact
/// by randomization, whatever the shape of the noise.
///
/// ```swift
/// let interval = SignedRank.interval([0.02, 0.03, -0.01, 0.04, 0.02, 0.05], alpha: 0.05)
/// interval?.estimate  // median of the Walsh averages
/// ```
public enum SignedRank {
    /// The largest number of pairs whose null distribution is computed exactly; beyond it the
    /// normal approximation (with continuity correction) is used.
    public static let exactLimit = 60

    /// P(T⁺ ≤ t) for `n` pairs under the null hypothesis.
    public static func cumulativeProbability(_ t: Int, pairs n: Int) -> Double {
        guard t >= 0 else { return 0 }
        let total = n * (n + 1) / 2
        guard t < total else { return 1 }
        if n <= exactLimit {
            let counts = nullCounts(pairs: n)
            return counts[0...t].reduce(0, +) / pow(2, Double(n))
        }
        let mean = Double(total) / 2
        let sd = (Double(n * (n + 1) * (2 * n + 1)) / 24).squareRoot()
        return normalCDF((Double(t) + 0.5 - mean) / sd)
    }

    /// How many of the 2ⁿ sign patterns give each value of T⁺ = 0 … n(n+1)/2.
    static func nullCounts(pairs n: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: n * (n + 1) / 2 + 1)
        counts[0] = 1
        for rank in stride(from: 1, through: n, by: 1) {
            for value in stride(from: counts.count - 1, through: rank, by: -1) { counts[value] += counts[value - rank] }
        }
        return counts
    }

    /// The number of Walsh averages cut from each end for a two-sided interval at level `1 − alpha`:
    /// the largest `c` with P(T⁺ ≤ c − 1) ≤ alpha / 2, and the coverage it achieves. `c == 0` means
    /// `n` pairs cannot reach that level.
    static func cut(pairs n: Int, alpha: Double) -> (count: Int, coverage: Double) {
        let cumulative = cumulativeDistribution(pairs: n)
        var cut = 0
        while cumulative[cut] <= alpha / 2 { cut += 1 }
        return (cut, 1 - 2 * (cut > 0 ? cumulative[cut - 1] : 0))
    }

    /// P(T⁺ ≤ t) for every t = 0 … n(n+1)/2.
    static func cumulativeDistribution(pairs n: Int) -> [Double] {
        let total = n * (n + 1) / 2
        guard n <= exactLimit else { return (0...total).map { cumulativeProbability($0, pairs: n) } }
        let counts = nullCounts(pairs: n), scale = pow(2, Double(n))
        var running = 0.0
        return counts.map { running += $0; return min(running / scale, 1) }
    }

    /// The fewest pairs whose exact interval can reach level `1 − alpha`.
    public static func minimumPairs(alpha: Double) -> Int {
        var n = 1
        while 2 / pow(2, Double(n)) > alpha { n += 1 }
        return n
    }

    /// The Hodges–Lehmann estimate of the differences' centre (the median of the n(n+1)/2 Walsh
    /// averages) and the distribution-free interval at level `1 − alpha`; nil when there are too
    /// few pairs for that level.
    public static func interval(_ differences: [Double], alpha: Double) -> Interval? {
        let n = differences.count
        guard n > 0 else { return nil }
        var walsh: [Double] = []
        walsh.reserveCapacity(n * (n + 1) / 2)
        for i in 0..<n {
            for j in i..<n { walsh.append((differences[i] + differences[j]) / 2) }
        }
        walsh.sort()
        let (cut, coverage) = cut(pairs: n, alpha: alpha)
        guard cut > 0 else { return nil }
        return Interval(
            estimate: median(walsh), low: walsh[cut - 1], high: walsh[walsh.count - cut], coverage: coverage)
    }
}

/// An estimate with its confidence interval and the coverage the interval actually has.
public struct Interval: Sendable, Equatable, Codable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    /// The interval's coverage probability (at least the level asked for; exact methods jump in steps).
    public var coverage: Double

    public init(estimate: Double, low: Double, high: Double, coverage: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
        self.coverage = coverage
    }
}

/// The median of sorted values.
func median(_ sorted: [Double]) -> Double {
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Φ(x), the standard normal distribution function.
func normalCDF(_ x: Double) -> Double {
    0.5 * erfc(-x / 2.0.squareRoot())
}

/// Φ⁻¹(p) for 0 < p < 1, by bisection on `normalCDF` (used a few times per comparison, never in a loop).
func normalQuantile(_ p: Double) -> Double {
    var low = -40.0, high = 40.0
    for _ in 0..<200 {
        let middle = (low + high) / 2
        if normalCDF(middle) < p { low = middle } else { high = middle }
    }
    return (low + high) / 2
}
