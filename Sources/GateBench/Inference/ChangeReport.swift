import Foundation

/// One benchmark's row of a comparison.
public struct ChangeRow: Sendable, Codable, Equatable {
    public var key: BenchmarkKey
    /// Median over repetitions of the per-repetition medians, seconds per operation.
    public var baseMedian: Double?
    public var headMedian: Double?
    public var estimate: ChangeEstimate?
    public var verdict: Verdict
    /// The threshold this benchmark was judged by (a fraction).
    public var threshold: Double
    /// The smallest change this comparison would have detected (about 80 % of the time).
    public var detectableChange: Double?
    public var allocations: AllocationChange?
    /// The repetitions behind the row.
    public var series: BenchmarkSeries?

    public init(
        key: BenchmarkKey, baseMedian: Double? = nil, headMedian: Double? = nil, estimate: ChangeEstimate? = nil,
        verdict: Verdict, threshold: Double, detectableChange: Double? = nil, allocations: AllocationChange? = nil,
        series: BenchmarkSeries? = nil
    ) {
        self.key = key
        self.baseMedian = baseMedian
        self.headMedian = headMedian
        self.estimate = estimate
        self.verdict = verdict
        self.threshold = threshold
        self.detectableChange = detectableChange
        self.allocations = allocations
        self.series = series
    }
}

/// Every benchmark of two builds compared: verdicts from repetitions, never from rounds.
///
/// ```swift
/// let report = ChangeReport(series: series, policy: VerdictPolicy(comparisons: series.count))
/// report.hasRegression   // a `slower` row, or more allocations where counts are exact
/// ```
public struct ChangeReport: Sendable, Codable, Equatable {
    public var rows: [ChangeRow]
    public var policy: VerdictPolicy
    /// Why the two sides are not comparable (fingerprint differences); empty when they are.
    /// Non-empty only when the user allowed it: every verdict is then marked and nothing is gated.
    public var notComparable: [String]

    /// Judges each series; benchmarks present on one side only are `new` or `removed`.
    ///
    /// - Parameters:
    ///   - thresholdOverrides: Benchmarks judged by their own threshold (a noisy open-loop load).
    ///   - looks: How many times the sequential loop could judge each benchmark (`Plan.looks().count`).
    ///   - added: Benchmarks only HEAD has (listed as `new`, not measured); `removed`: only BASE has.
    ///   - noise: Between-repetition noise (SD of log medians) per benchmark, for series too short
    ///     for an exact interval.
    public init(
        series: [BenchmarkSeries], threshold: Double = 0.03, familyAlpha: Double = 0.05,
        thresholdOverrides: [BenchmarkKey: Double] = [:], noise: [BenchmarkKey: Double] = [:],
        notComparable: [String] = [], added: [BenchmarkKey] = [], removed: [BenchmarkKey] = [], looks: Int = 1
    ) {
        let compared = series.filter { !$0.base.isEmpty && !$0.head.isEmpty }.count
        let policy = VerdictPolicy(threshold: threshold, familyAlpha: familyAlpha, comparisons: compared, looks: looks)
        self.policy = policy
        self.notComparable = notComparable
        rows = series.map { series in
            let baseMedian = series.base.isEmpty ? nil : median(series.base.map(\.median).sorted())
            let headMedian = series.head.isEmpty ? nil : median(series.head.map(\.median).sorted())
            var row = ChangeRow(
                key: series.key, baseMedian: baseMedian, headMedian: headMedian, estimate: nil,
                verdict: series.base.isEmpty ? .new : .removed, threshold: thresholdOverrides[series.key] ?? threshold,
                detectableChange: nil, allocations: nil, series: series)
            guard !series.base.isEmpty, !series.head.isEmpty else { return row }
            row.estimate = ChangeEstimate.estimate(
                base: series.base.map(\.median), head: series.head.map(\.median), paired: series.paired,
                alpha: policy.alpha, noise: noise[series.key])
            row.verdict = row.estimate.map { Verdict.judge($0, threshold: row.threshold) } ?? .inconclusive
            row.detectableChange = row.estimate?.detectableChange(alpha: policy.alpha)
            let baseCounts = series.base.compactMap(\.allocationsPerOp), headCounts = series.head.compactMap(\.allocationsPerOp)
            if baseCounts.count == series.base.count, headCounts.count == series.head.count {
                row.allocations = AllocationChange(
                    base: baseCounts, head: headCounts,
                    exact: (series.base + series.head).allSatisfy(\.allocationsExact))
            }
            return row
        }
        rows += added.map {
            ChangeRow(key: $0, verdict: .new, threshold: thresholdOverrides[$0] ?? threshold)
        }
        rows += removed.map {
            ChangeRow(key: $0, verdict: .removed, threshold: thresholdOverrides[$0] ?? threshold)
        }
        rows.sort {
            ($0.verdict.severity, -abs($0.estimate?.change ?? 0), $0.key) < ($1.verdict.severity, -abs($1.estimate?.change ?? 0), $1.key)
        }
    }

    /// True when the sides are comparable and a benchmark got slower or allocates more (exact counts only).
    public var hasRegression: Bool {
        notComparable.isEmpty && rows.contains { $0.verdict == .slower || $0.allocations?.verdict == .more }
    }

    /// True when no benchmark was measured on both sides: such a comparison proves nothing.
    public var comparedNothing: Bool { policy.comparisons == 0 || rows.allSatisfy { $0.estimate == nil } }

    /// `1 slower, 0 faster, 2 inconclusive, 15 unchanged, 0 new, 0 removed` (+ allocation changes).
    public var summary: String {
        let counts = Dictionary(grouping: rows, by: \.verdict).mapValues(\.count)
        var text = [Verdict.slower, .faster, .inconclusive, .unchanged, .new, .removed]
            .map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        let more = rows.filter { $0.allocations?.verdict == .more }.count
        if more > 0 { text += "; \(more) allocate more" }
        return text
    }
}
