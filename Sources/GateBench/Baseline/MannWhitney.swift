#if canImport(Glibc)
import Glibc
#endif

/// The two-sided Mann-Whitney U test (as google/benchmark's compare.py uses): are two samples
/// drawn from distributions with the same location? Normal approximation with tie correction,
/// which is accurate for the sample sizes benchmarks produce (≥ 5 per side).
public enum MannWhitney {
    /// The two-sided p-value; 1 when either side has fewer than 2 samples or all values tie.
    public static func pValue(_ a: [Double], _ b: [Double]) -> Double {
        let n1 = Double(a.count), n2 = Double(b.count)
        guard a.count >= 2, b.count >= 2 else { return 1 }
        let pooled = (a.map { ($0, 0) } + b.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var rankSumA = 0.0
        var tieTerm = 0.0
        var index = 0
        while index < pooled.count {
            var end = index
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[index].0 { end += 1 }
            let averageRank = Double(index + end) / 2 + 1
            let ties = Double(end - index + 1)
            tieTerm += ties * ties * ties - ties
            for position in index...end where pooled[position].1 == 0 { rankSumA += averageRank }
            index = end + 1
        }
        let u = rankSumA - n1 * (n1 + 1) / 2
        let n = n1 + n2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return 1 }
        let z = (abs(u - n1 * n2 / 2) - 0.5) / variance.squareRoot()
        return min(1, erfc(max(z, 0) / 2.0.squareRoot()))
    }
}
