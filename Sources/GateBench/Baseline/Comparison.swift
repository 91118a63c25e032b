/// A benchmark's standing against its baseline.
public enum Verdict: String, Sendable, Codable, Comparable {
    case slower, faster, unchanged, new, removed

    /// Severity order for reports: regressions first.
    var severity: Int {
        switch self {
        case .slower: 0
        case .faster: 1
        case .new: 2
        case .removed: 3
        case .unchanged: 4
        }
    }

    public static func < (a: Verdict, b: Verdict) -> Bool { a.severity < b.severity }
}

/// One benchmark compared with its baseline.
public struct ComparisonRow: Sendable {
    public var group: String
    public var name: String
    public var baseline: Double?
    public var current: Double?
    /// current / baseline − 1 of the compared statistic.
    public var change: Double?
    /// Two-sided Mann-Whitney p-value of the round samples (nil when not computed).
    public var pValue: Double?
    public var verdict: Verdict
    /// The thresholds this benchmark failed (only for `slower`).
    public var failed: [Threshold]
}

/// The comparison of a run with a baseline.
public struct Comparison: Sendable {
    /// Incompatibilities that make the comparison meaningless (different build, wave or params).
    public struct Incompatible: Error, CustomStringConvertible, Sendable {
        public let differences: [String]
        public var description: String {
            "the runs cannot be compared: " + differences.joined(separator: "; ")
        }
    }

    public var rows: [ComparisonRow]
    /// Things that differ but do not forbid comparing (another machine).
    public var warnings: [String]
    public var statistic: ComparisonMetric

    /// True when a benchmark is `slower`: the exit status is 1.
    public var hasRegression: Bool { rows.contains { $0.verdict == .slower } }

    /// The significance level of the Mann-Whitney test.
    public static let alpha = 0.01

    /// Compares `current` with `baseline`.
    ///
    /// A benchmark is `slower` when a threshold is exceeded **and** (for times) its round samples
    /// differ significantly; `faster` when the compared statistic improved by more than the first
    /// time threshold's limit, significantly. Per-benchmark thresholds (by `group/name`) replace the defaults.
    /// - Throws: `Incompatible` when build configurations differ or a benchmark's params differ.
    public init(
        baseline: RunDocument, current: RunDocument, statistic: ComparisonMetric = .median,
        thresholds: [Threshold] = [Threshold(metric: .median, limit: .fraction(0.05))],
        overrides: [String: [Threshold]] = [:]
    ) throws(Incompatible) {
        self.statistic = statistic
        var differences: [String] = []
        if baseline.machineInfo.build != current.machineInfo.build {
            differences.append("build configuration \(baseline.machineInfo.build.rawValue) vs \(current.machineInfo.build.rawValue)")
        }
        let old = Dictionary(baseline.benchmarks.map { ("\($0.group)/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(current.benchmarks.map { ("\($0.group)/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        for (key, record) in new {
            if let before = old[key], before.params != record.params {
                differences.append("\(key) ran with [\(before.param ?? "")] in the baseline and [\(record.param ?? "")] now")
            }
        }
        guard differences.isEmpty else { throw Incompatible(differences: differences.sorted()) }
        warnings = []
        if baseline.machineInfo.cpu.brandRaw != current.machineInfo.cpu.brandRaw
            || baseline.machineInfo.cpu.count != current.machineInfo.cpu.count
            || baseline.machineInfo.node != current.machineInfo.node
        {
            warnings.append(
                "the baseline was made on another machine (\(baseline.machineInfo.node), \(baseline.machineInfo.cpu.brandRaw), "
                    + "\(baseline.machineInfo.cpu.count) cores): differences may be the machine's")
        }
        rows = Set(old.keys).union(new.keys).sorted().map { key in
            Self.row(key: key, old: old[key], new: new[key], statistic: statistic,
                     thresholds: overrides[key] ?? thresholds)
        }
        rows.sort { ($0.verdict, -(abs($0.change ?? 0))) < ($1.verdict, -(abs($1.change ?? 0))) }
    }

    private static func row(
        key: String, old: BenchmarkRecord?, new: BenchmarkRecord?, statistic: ComparisonMetric, thresholds: [Threshold]
    ) -> ComparisonRow {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        var row = ComparisonRow(
            group: parts[0], name: parts.count > 1 ? parts[1] : "", baseline: old.flatMap(statistic.value),
            current: new.flatMap(statistic.value), change: nil, pValue: nil, verdict: .unchanged, failed: [])
        guard let old, let new else {
            row.verdict = old == nil ? .new : .removed
            return row
        }
        if let before = row.baseline, let after = row.current, before > 0 { row.change = after / before - 1 }
        let p = MannWhitney.pValue(old.stats.data, new.stats.data)
        row.pValue = p
        let significant = p < alpha
        for threshold in thresholds {
            guard let before = threshold.metric.value(in: old), let after = threshold.metric.value(in: new) else { continue }
            if threshold.isExceeded(baseline: before, current: after) && (threshold.metric.isAllocatorCount || significant) {
                row.failed.append(threshold)
            }
        }
        if !row.failed.isEmpty {
            row.verdict = .slower
        } else if significant, let change = row.change,
            let limit = thresholds.first(where: { !$0.metric.isAllocatorCount }),
            case .fraction(let fraction) = limit.limit, change < -fraction
        {
            row.verdict = .faster
        }
        return row
    }

    /// `2 slower, 1 faster, 15 unchanged, 0 new, 0 removed`.
    public var summary: String {
        let counts = Dictionary(grouping: rows, by: \.verdict).mapValues(\.count)
        return [Verdict.slower, .faster, .unchanged, .new, .removed]
            .map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
    }
}
