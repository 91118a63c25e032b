import Foundation
import GateBench

/// The median of each benchmark in each engine combination of `bench matrix`, and the runs behind
/// them: printed as a table, saved as JSON, and read back by `bench report`.
public struct EngineMatrix: Codable, Sendable {
    public struct Row: Codable, Sendable {
        /// `group/name`.
        public let benchmark: String
        /// Seconds, by column; nil where the combination did not run the benchmark.
        public let medians: [Double?]
    }

    /// The combinations, e.g. `sqlite`, `postgres + redis L2`, `http federation`.
    public let columns: [String]
    public let rows: [Row]
    /// Every combination's run, by column name.
    public let runs: [String: RunDocument]

    public init(runs: [(column: String, document: RunDocument)]) {
        columns = runs.map(\.column)
        var order: [String] = []
        var medians: [String: [String: Double]] = [:]
        for (column, document) in runs {
            for record in document.benchmarks {
                let key = "\(record.group)/\(record.name)"
                if medians[key] == nil { order.append(key) }
                medians[key, default: [:]][column] = record.stats.median
            }
        }
        rows = order.map { key in Row(benchmark: key, medians: runs.map { medians[key]?[$0.column] }) }
        self.runs = Dictionary(runs.map { ($0.column, $0.document) }) { first, _ in first }
    }

    /// Each row's PostgreSQL median over its SQLite median; nil without both columns or values.
    public var postgresOverSQLite: [Double?] {
        guard let sqlite = columns.firstIndex(of: "sqlite"), let postgres = columns.firstIndex(of: "postgres") else {
            return rows.map { _ in nil }
        }
        return rows.map { row in
            guard let a = row.medians[postgres], let b = row.medians[sqlite], b > 0 else { return nil }
            return a / b
        }
    }

    /// Whether the table has a `postgres ÷ sqlite` column.
    var hasRatio: Bool { columns.contains("sqlite") && columns.contains("postgres") }

    /// The header and the cells, formatted: each median in the unit that fits it, then PostgreSQL ÷ SQLite.
    var cells: (header: [String], rows: [[String]]) {
        let header = ["benchmark"] + columns + (hasRatio ? ["postgres ÷ sqlite"] : [])
        let body = zip(rows, postgresOverSQLite).map { row, ratio -> [String] in
            [row.benchmark] + row.medians.map { $0.map(TimeUnit.readable) ?? "—" }
                + (hasRatio ? [ratio.map { String(format: "%.2f×", $0) } ?? "—"] : [])
        }
        return (header, body)
    }

    /// The table aligned for a terminal.
    public func text() -> String {
        let (header, body) = cells
        let aligned = AlignedColumns(header: header, rows: body)
        let rule = String(repeating: "-", count: aligned.line(header).count)
        return ([aligned.line(header), rule] + body.map(aligned.line)).joined(separator: "\n") + "\n"
    }

    /// The table in Markdown.
    public func markdown() -> String {
        let (header, body) = cells
        let lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---|" }.joined()]
            + body.map { "| " + $0.joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON that `bench matrix --json` saves and `bench report` reads.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
