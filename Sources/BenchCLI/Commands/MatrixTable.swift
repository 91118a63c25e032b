import Foundation
import GateBench

/// The median of each benchmark in each engine combination of `bench matrix`, and the runs behind them.
struct MatrixTable: Encodable {
    struct Row: Encodable {
        /// `group/name`.
        let benchmark: String
        /// Seconds, by column; nil where the combination did not run the benchmark.
        let medians: [Double?]
    }

    let columns: [String]
    let rows: [Row]
    /// Every combination's run, by column name.
    let runs: [String: RunDocument]

    init(runs: [(column: String, document: RunDocument)]) {
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

    /// The header and the cells, formatted: each median in the unit that fits it, then PostgreSQL ÷ SQLite.
    private var cells: (header: [String], rows: [[String]]) {
        let sqlite = columns.firstIndex(of: "sqlite"), postgres = columns.firstIndex(of: "postgres")
        let ratio = sqlite != nil && postgres != nil
        let header = ["benchmark"] + columns + (ratio ? ["postgres ÷ sqlite"] : [])
        let body = rows.map { row -> [String] in
            var line = [row.benchmark] + row.medians.map { $0.map(TimeUnit.readable) ?? "—" }
            if let sqlite, let postgres {
                if let a = row.medians[postgres], let b = row.medians[sqlite], b > 0 {
                    line.append(String(format: "%.2f×", a / b))
                } else {
                    line.append("—")
                }
            }
            return line
        }
        return (header, body)
    }

    func text() -> String {
        let (header, body) = cells
        let aligned = AlignedColumns(header: header, rows: body)
        let rule = String(repeating: "-", count: aligned.line(header).count)
        return ([aligned.line(header), rule] + body.map(aligned.line)).joined(separator: "\n") + "\n"
    }

    func markdown() -> String {
        let (header, body) = cells
        let lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---|" }.joined()]
            + body.map { "| " + $0.joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
