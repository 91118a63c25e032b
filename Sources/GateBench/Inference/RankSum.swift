#if canImport(Glibc)
import Glibc
#endif

/// The Mann–Whitney rank-sum statistic for two independent samples: its exact null distribution
/// and the Hodges–Lehmann shift estimate (the median of all y − x differences) with its
/// distribution-free confidence interval. Used when repetitions are not paired (saved runs).
public enum RankSum {
    /// The largest sample sizes (each) whose null distribution is computed exactly.
    public static let exactLimit = 50

    /// P(U ≤ u) for samples of `n` and `m` under the null hypothesis.
    public static func cumulativeProbability(_ u: Int, _ n: Int, _ m: Int) -> Double {
        guard u >= 0 else { return 0 }
        guard u < n * m else { return 1 }
        if n <= exactLimit && m <= exactLimit {
            let counts = nullCounts(n, m)
            return counts[0...u].reduce(0, +) / counts.reduce(0, +)
        }
        let mean = Double(n * m) / 2
        let sd = (Double(n * m * (n + m + 1)) / 12).squareRoot()
        return normalCDF((Double(u) + 0.5 - mean) / sd)
    }

    /// P(U ≤ u) for every u = 0 … n·m.
    static func cumulativeDistribution(_ n: Int, _ m: Int) -> [Double] {
        guard n <= exactLimit && m <= exactLimit else { return (0...(n * m)).map { cumulativeProbability($0, n, m) } }
        let counts = nullCounts(n, m), total = counts.reduce(0, +)
        var running = 0.0
        return counts.map { running += $0; return min(running / total, 1) }
    }

    /// How many arrangements give each value of U = 0 … n·m, by the recurrence
    /// f(i, j, u) = f(i − 1, j, u − j) + f(i, j − 1, u).
    static func nullCounts(_ n: Int, _ m: Int) -> [Double] {
        // row[j] holds f(i, j, ·) for the current i.
        var row: [[Double]] = (0...m).map { _ in [1] }
        for i in stride(from: 1, through: n, by: 1) {
            var next: [[Double]] = [[1]]
            for j in stride(from: 1, through: m, by: 1) {
                var counts = [Double](repeating: 0, count: i * j + 1)
                for (u, count) in row[j].enumerated() where u + j < counts.count { counts[u + j] += count }
                for (u, count) in next[j - 1].enumerated() { counts[u] += count }
                next.append(counts)
            }
            row = next
        }
        return row[m]
    }

    /// The Hodges–Lehmann shift of `y` over `x` and its interval at level `1 − alpha`; nil when the
    /// samples are too small for that level.
    public static func interval(_ x: [Double], _ y: [Double], alpha: Double) -> Interval? {
        let n = x.count, m = y.count
        guard n > 0, m > 0 else { return nil }
        var differences: [Double] = []
        differences.reserveCapacity(n * m)
        for a in x { for b in y { differences.append(b - a) } }
        differences.sort()
        let cumulative = cumulativeDistribution(n, m)
        var cut = 0
        while cumulative[cut] <= alpha / 2 { cut += 1 }
        guard cut > 0 else { return nil }
        return Interval(
            estimate: median(differences), low: differences[cut - 1], high: differences[differences.count - cut],
            coverage: 1 - 2 * cumulative[cut - 1])
    }
}
