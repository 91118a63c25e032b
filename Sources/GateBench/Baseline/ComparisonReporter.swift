/// Renders a comparison with a one-line summary on top: aligned tables per group, or one
/// PR-comment-ready markdown table; rows by severity (regressions first, larger changes first).
public struct ComparisonReporter: Sendable {
    public init() {}

    private func cells(_ row: ComparisonRow, unit: TimeUnit, statistic: ComparisonMetric) -> [String] {
        func value(_ number: Double?) -> String {
            guard let number else { return "-" }
            return statistic.isAllocatorCount ? formatted(number, decimals: 2) : unit.format(number)
        }
        let change = row.change.map { ($0 >= 0 ? "+" : "") + formatted($0 * 100, decimals: 1) + " %" } ?? "-"
        let p = row.pValue.map { $0 < 0.0001 ? "<0.0001" : formatted($0, decimals: 4) } ?? "-"
        let verdict = row.verdict.rawValue + (row.failed.isEmpty ? "" : " (" + row.failed.map(\.description).joined(separator: ", ") + ")")
        return ["\(row.group)/\(row.name)", value(row.baseline), value(row.current), change, p, verdict]
    }

    private func headers(_ comparison: Comparison, unit: TimeUnit) -> [String] {
        let suffix = comparison.statistic.isAllocatorCount ? "" : " (\(unit.symbol))"
        return ["Benchmark", "Baseline \(comparison.statistic.rawValue)\(suffix)", "Current\(suffix)", "Change", "p", "Verdict"]
    }

    private func unit(_ comparison: Comparison) -> TimeUnit {
        TimeUnit.fitting(comparison.rows.compactMap { $0.baseline ?? $0.current }.min() ?? 1)
    }

    /// The verdict line: regression or not, then the counts.
    public func summaryLine(_ comparison: Comparison) -> String {
        (comparison.hasRegression ? "REGRESSION: " : "No regression: ") + comparison.summary
    }

    public func table(_ comparison: Comparison) -> String {
        let unit = unit(comparison)
        let header = headers(comparison, unit: unit)
        let rows = comparison.rows.map { cells($0, unit: unit, statistic: comparison.statistic) }
        let widths = header.indices.map { index in ([header[index]] + rows.map { $0[index] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 || index == cells.count - 1 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        var output = comparison.warnings.map { "warning: \($0)\n" }.joined()
        output += summaryLine(comparison) + "\n"
        let rule = String(repeating: "-", count: line(header).count)
        for group in Set(comparison.rows.map(\.group)).sorted() {
            output += "\n" + line(header) + "\n" + rule + "\n"
            for (index, row) in comparison.rows.enumerated() where row.group == group { output += line(rows[index]) + "\n" }
        }
        return output
    }

    public func markdown(_ comparison: Comparison) -> String {
        let unit = unit(comparison)
        var output = "**\(summaryLine(comparison))**\n\n"
        output += comparison.warnings.map { "> ⚠️ \($0)\n\n" }.joined()
        let header = headers(comparison, unit: unit)
        output += "| " + header.joined(separator: " | ") + " |\n"
        output += "|" + header.indices.map { $0 == 0 || $0 == header.count - 1 ? ":---" : "---:" }.joined(separator: "|") + "|\n"
        for row in comparison.rows {
            output += "| " + cells(row, unit: unit, statistic: comparison.statistic).joined(separator: " | ") + " |\n"
        }
        return output
    }
}
