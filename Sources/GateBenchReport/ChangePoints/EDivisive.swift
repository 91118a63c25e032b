import Foundation

/// Change points in a series by E-Divisive means (Matteson and James, 2014), as MongoDB runs it
/// on its performance history (Daly et al., ICPE 2020).
///
/// The series is split where the energy distance between the two sides, weighted by their sizes,
/// is largest; the split is kept when a permutation test finds it significant, and each side is
/// searched again. Distances are `|x - y|^alpha` on the values given (pass logarithms of times so
/// a change means the same at every speed). With `alpha` below 2 the statistic is a distance
/// between whole distributions, not between means, and it uses ranks of distances rather than
/// squares, so one outlier moves it far less than it moves a mean-shift test; a smaller `alpha`
/// weighs far-out points less still.
///
/// ```swift
/// var random = SplitMix64(seed: 7)
/// let points = EDivisive().changePoints(in: logMedians, using: &random)   // [ChangePoint(index: 120, …)]
/// ```
public struct EDivisive: Sendable {
    /// The permutation test's level: a split whose p-value is above it ends the search.
    public var significance: Double
    /// Permutations per test (the smallest p-value possible is 1 / (permutations + 1)).
    public var permutations: Int
    /// The fewest points on either side of a split.
    public var minimumSegment: Int
    /// The distance exponent, in (0, 2).
    public var alpha: Double

    /// The defaults were chosen on synthetic histories shaped like this machine's (docs/history.md):
    /// `alpha` 0.5 placed a 5 % step within one commit in 95 % of 300 histories with 10 % of runs
    /// slowed 1.2–1.8× by the VM, where the paper's `alpha` 1 placed it in 75 %.
    public init(significance: Double = 0.005, permutations: Int = 199, minimumSegment: Int = 5, alpha: Double = 0.5) {
        precondition(alpha > 0 && alpha < 2, "E-Divisive needs 0 < alpha < 2")
        precondition(permutations >= 1 && minimumSegment >= 2)
        self.significance = significance
        self.permutations = permutations
        self.minimumSegment = minimumSegment
        self.alpha = alpha
    }

    /// The significant change points of `series`, in index order; `index` is the first point after the change.
    public func changePoints(in series: [Double], using random: inout some RandomNumberGenerator) -> [ChangePoint] {
        var found: [ChangePoint] = []
        var boundaries = [0, series.count]
        while true {
            // The best split of every segment between the change points found so far.
            var best: (start: Int, end: Int, split: Split)?
            for (start, end) in zip(boundaries, boundaries.dropFirst()) {
                guard let split = bestSplit(Array(series[start..<end])) else { continue }
                if best == nil || split.statistic > best!.split.statistic { best = (start, end, split) }
            }
            guard let best, best.split.statistic > 0 else { break }
            var segment = Array(series[best.start..<best.end])
            var atLeastAsLarge = 0
            for _ in 0..<permutations {
                segment.shuffle(using: &random)
                if let permuted = bestSplit(segment), permuted.statistic >= best.split.statistic { atLeastAsLarge += 1 }
            }
            let pValue = Double(atLeastAsLarge + 1) / Double(permutations + 1)
            guard pValue <= significance else { break }
            let index = best.start + best.split.index
            found.append(ChangePoint(index: index, statistic: best.split.statistic, pValue: pValue))
            boundaries.append(index)
            boundaries.sort()
        }
        return found.sorted { $0.index < $1.index }
    }

    struct Split {
        /// The first index of the right side.
        var index: Int
        /// The size-weighted energy distance between the sides (Matteson and James's q-hat).
        var statistic: Double
    }

    /// The split of `values` with the largest statistic, each side at least `minimumSegment` long.
    ///
    /// O(n²): the sums of distances within the left side, within the right side and across are
    /// updated as the split point moves right, from each point's distances to the points before
    /// and after it.
    func bestSplit(_ values: [Double]) -> Split? {
        let n = values.count
        guard n >= 2 * minimumSegment else { return nil }
        var before = [Double](repeating: 0, count: n)  // Σ_{i<k} d(i, k)
        var after = [Double](repeating: 0, count: n)  // Σ_{j>k} d(k, j)
        var total = 0.0
        values.withUnsafeBufferPointer { x in
            for k in 0..<n {
                for j in (k + 1)..<n {
                    let d = distance(x[k], x[j])
                    after[k] += d
                    before[j] += d
                    total += d
                }
            }
        }
        var within = 0.0  // left side: Σ over pairs i<k<τ
        var across = 0.0  // Σ_{i<τ≤j}
        var right = total  // right side: Σ over pairs τ≤j<k
        var best: Split?
        for tau in 1..<n {
            // Move point tau-1 from the right side to the left.
            let k = tau - 1
            within += before[k]
            across += after[k] - before[k]
            right -= after[k]
            guard tau >= minimumSegment, n - tau >= minimumSegment else { continue }
            let left = Double(tau), rightCount = Double(n - tau)
            let energy =
                2 * across / (left * rightCount) - within / (left * (left - 1) / 2)
                - right / (rightCount * (rightCount - 1) / 2)
            let statistic = left * rightCount / Double(n) * energy
            if best == nil || statistic > best!.statistic { best = Split(index: tau, statistic: statistic) }
        }
        return best
    }

    @inline(__always)
    private func distance(_ a: Double, _ b: Double) -> Double {
        alpha == 0.5 ? abs(a - b).squareRoot() : alpha == 1 ? abs(a - b) : pow(abs(a - b), alpha)
    }
}

/// A change found in a series: the values from `index` on differ from those before it.
public struct ChangePoint: Sendable, Codable, Equatable {
    public var index: Int
    public var statistic: Double
    public var pValue: Double
}
