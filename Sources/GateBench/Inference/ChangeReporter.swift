import Foundation

/// Renders a `ChangeReport`: a verdict line, how verdicts were reached, then one row per benchmark
/// (regressions first) as aligned text or as a PR-comment-ready markdown table.
public struct ChangeReporter: Sendable {
    // The interval shown is the one that decided the row: the 90 % one for `unchanged`, else the Bonferroni one.
    public init() {}

    /// `REGRESSION: …` or `No regression: …` (or `Not comparable: …`) with the counts.
    public func summaryLine(_ report: ChangeReport) -> String {
        let lead =
            !report.notComparable.isEmpty ? "NOT COMPARABLE (not gated): "
            : report.hasRegression ? "REGRESSION: " : "No regression: "
        return lead + report.summary
    }

    /// How the verdicts were reached, in one sentence.
    public func method(_ report: ChangeReport) -> String {
        let policy = report.policy
        let coverage = formatted((1 - policy.alpha) * 100, decimals: 2)
        let methods = Set(report.rows.compactMap { $0.estimate?.method.rawValue }).sorted().joined(separator: ", ")
        let looks = policy.looks > 1 ? " × \(policy.looks) looks" : ""
        return "slower/faster: the ≥ \(coverage) % interval (\(percent(policy.familyAlpha)) family-wise over "
            + "\(policy.comparisons) benchmarks\(looks), Bonferroni) excludes 0 and the change passes ±\(percent(policy.threshold)); "
            + "unchanged: the 90 % interval (TOST) lies within ±\(percent(policy.threshold)). "
            + "Estimates from repetition medians (\(methods.isEmpty ? "none" : methods))."
    }

    private func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        return formatted(value, decimals: value == value.rounded() ? 0 : 1) + " %"
    }

    private func signed(_ fraction: Double) -> String {
        (fraction >= 0 ? "+" : "") + formatted(fraction * 100, decimals: 1)
    }

    private func cells(_ row: ChangeRow, unit: TimeUnit, comparable: Bool) -> [String] {
        let change = row.estimate.map { signed($0.change) + " %" } ?? "-"
        let interval = row.estimate.map { estimate in
            let shown = row.verdict == .unchanged ? estimate.equivalenceInterval : estimate.logInterval
            return "[\(signed(exp(shown.low) - 1)), \(signed(exp(shown.high) - 1))] %"
        } ?? "-"
        let repetitions = row.estimate.map { "\($0.baseRepetitions)+\($0.headRepetitions)" } ?? "-"
        var verdict = row.verdict.rawValue
        if row.verdict == .inconclusive, let detectable = row.detectableChange {
            verdict += " (detects ≥ \(percent(detectable)))"
        }
        if row.estimate?.method == .noiseModel { verdict += " [noise model]" }
        if !comparable { verdict += " †" }
        let allocations = row.allocations.map { change in
            let text = "\(formatted(change.base, decimals: 1)) → \(formatted(change.head, decimals: 1))"
            switch change.verdict {
            case .more: return text + " MORE"
            case .fewer: return text + " fewer"
            case .same: return text
            case .notGated: return text + " (not gated)"
            }
        } ?? "-"
        return [
            row.key.description, row.baseMedian.map(unit.format) ?? "-", row.headMedian.map(unit.format) ?? "-", change,
            interval, repetitions, verdict, allocations,
        ]
    }

    private func headers(unit: TimeUnit) -> [String] {
        ["Benchmark", "Base (\(unit.symbol))", "Head (\(unit.symbol))", "Change", "Interval", "Reps", "Verdict", "Allocs/op"]
    }

    private func unit(_ report: ChangeReport) -> TimeUnit {
        TimeUnit.fitting(report.rows.compactMap { $0.baseMedian ?? $0.headMedian }.min() ?? 1)
    }

    private func preamble(_ report: ChangeReport) -> [String] {
        report.notComparable.isEmpty
            ? [] : ["† not comparable, verdicts are not gated: " + report.notComparable.joined(separator: "; ")]
    }

    /// Aligned text, one block per group.
    public func table(_ report: ChangeReport) -> String {
        let unit = unit(report)
        let header = headers(unit: unit)
        let rows = report.rows.map { cells($0, unit: unit, comparable: report.notComparable.isEmpty) }
        let line = AlignedColumns(header: header, rows: rows, leftAligned: [0, header.count - 2, header.count - 1]).line
        var output = summaryLine(report) + "\n" + method(report) + "\n"
        output += preamble(report).map { $0 + "\n" }.joined()
        let rule = String(repeating: "-", count: line(header).count)
        for group in Set(report.rows.map(\.key.group)).sorted() {
            output += "\n" + line(header) + "\n" + rule + "\n"
            for (index, row) in report.rows.enumerated() where row.key.group == group { output += line(rows[index]) + "\n" }
        }
        return output
    }

    /// A markdown table for a pull-request comment.
    public func markdown(_ report: ChangeReport) -> String {
        let unit = unit(report)
        var output = "**\(summaryLine(report))**\n\n\(method(report))\n\n"
        output += preamble(report).map { "> ⚠️ \($0)\n\n" }.joined()
        let header = headers(unit: unit)
        output += "| " + header.joined(separator: " | ") + " |\n"
        output += "|" + header.indices.map { $0 == 0 || $0 >= header.count - 2 ? ":---" : "---:" }.joined(separator: "|") + "|\n"
        for row in report.rows {
            output += "| " + cells(row, unit: unit, comparable: report.notComparable.isEmpty).joined(separator: " | ") + " |\n"
        }
        return output
    }
}
