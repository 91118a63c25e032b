import Foundation

/// A benchmark's standing, HEAD against BASE.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// The interval excludes no change and the estimate is beyond the threshold.
    case slower, faster
    /// The whole interval lies within ± the threshold.
    case unchanged
    /// The data cannot tell: the interval straddles the threshold.
    case inconclusive
    /// Only in HEAD, or only in BASE.
    case new, removed

    /// Severity order for reports: regressions first.
    public var severity: Int {
        switch self {
        case .slower: 0
        case .faster: 1
        case .inconclusive: 2
        case .new: 3
        case .removed: 4
        case .unchanged: 5
        }
    }

    /// Judges a change against `threshold` (a fraction, 0.03 for 3 %).
    ///
    /// `slower` needs the (Bonferroni-level) interval wholly above zero *and* the estimate above the
    /// threshold, so a tiny but certain change is not a regression; `unchanged` needs the whole
    /// equivalence interval within ± the threshold; everything else is `inconclusive`, never a
    /// silent `unchanged`.
    public static func judge(_ estimate: ChangeEstimate, threshold: Double) -> Verdict {
        let limit = log1p(threshold)
        let interval = estimate.logInterval
        if interval.low > 0 && interval.estimate > limit { return .slower }
        if interval.high < 0 && interval.estimate < -limit { return .faster }
        let equivalence = estimate.equivalenceInterval
        if equivalence.low > -limit && equivalence.high < limit { return .unchanged }
        return .inconclusive
    }
}

/// How verdicts are reached: the default threshold and the suite-wide false-alarm budget.
public struct VerdictPolicy: Sendable, Codable, Equatable {
    /// Changes smaller than this fraction do not matter (0.03 = 3 %).
    public var threshold: Double
    /// The chance of any false `slower`/`faster` interval across the whole comparison (Bonferroni).
    public var familyAlpha: Double
    /// How many benchmarks share the family budget.
    public var comparisons: Int
    /// How many times each benchmark may be judged (sequential looks) on the way.
    public var looks: Int

    public init(threshold: Double = 0.03, familyAlpha: Double = 0.05, comparisons: Int, looks: Int = 1) {
        self.threshold = threshold
        self.familyAlpha = familyAlpha
        self.comparisons = max(comparisons, 1)
        self.looks = max(looks, 1)
    }

    /// Each benchmark's decision interval is at level 1 − alpha, alpha = familyAlpha / (comparisons × looks).
    public var alpha: Double { familyAlpha / Double(comparisons * looks) }
}
