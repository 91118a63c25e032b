#if canImport(Glibc)
import Glibc
#endif

/// The median of paired differences and its distribution-free interval from the sign test.
///
/// With BASE and HEAD run back to back in a random order, a pair's difference is as likely to be
/// positive as negative when the builds are equal, so the interval is exact by randomization,
/// whatever the shape of the noise, and it needs no symmetry. It was chosen over Wilcoxon's
/// signed-rank interval (Hodges–Lehmann) by measurement: on this VM a share of pairs straddles a
/// 2× change of machine speed, and those gross outliers enter every Walsh average they are part
/// of. On one A/A run of 60 pairs of seven benchmarks the widest signed-rank interval was
/// −14.6 % … +21.9 %, and the sign test's on the same pairs −4.0 % … +11.2 % (docs/baselines.md).
///
/// ```swift
/// let interval = SignTest.interval([0.02, 0.03, -0.01, 0.04, 0.02, 0.05], alpha: 0.05)
/// interval?.estimate  // 0.025, the median
/// ```
public enum SignTest {
    /// P(B ≤ k) for B ~ Binomial(n, ½).
    public static func cumulativeProbability(_ k: Int, pairs n: Int) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        var total = 0.0
        for j in 0...k {
            total += exp(lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1)) - Double(n) * log(2))
        }
        return min(total, 1)
    }

    /// The fewest pairs whose exact interval can reach level `1 − alpha` (all signs alike: 2/2ⁿ).
    public static func minimumPairs(alpha: Double) -> Int {
        var n = 1
        while 2 / pow(2, Double(n)) > alpha { n += 1 }
        return n
    }

    /// The median of `differences` and the interval between the order statistics `k` and `n + 1 − k`,
    /// `k` the largest with P(B ≤ k − 1) ≤ alpha / 2; nil when there are too few pairs for that level.
    public static func interval(_ differences: [Double], alpha: Double) -> Interval? {
        let n = differences.count
        guard n > 0 else { return nil }
        let sorted = differences.sorted()
        var cut = 0
        while cut < n && cumulativeProbability(cut, pairs: n) <= alpha / 2 { cut += 1 }
        guard cut > 0 else { return nil }
        return Interval(
            estimate: median(sorted), low: sorted[cut - 1], high: sorted[n - cut],
            coverage: 1 - 2 * cumulativeProbability(cut - 1, pairs: n))
    }
}
