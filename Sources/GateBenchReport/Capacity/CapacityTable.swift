import Foundation
import GateBench

/// A capacity scan as a table: each benchmark's median per wave, its fit and bends. The terminal
/// prints `text`; the HTML report lays out `header` and `rows`.
public struct CapacityTable {
    /// The size parameters that are tables' row counts (shown per wave), not figures of a benchmark.
    public let tables: [String]
    public let header: [String]
    public let rows: [[String]]
    public let text: String

    public init(_ scan: CapacityScan) {
        let measured = scan.waves.filter { $0.skipped == nil }
        let tables = scan.parameters.filter { name in scan.waves.contains { $0.sizes[name] != nil } }
        self.tables = tables
        var text = "waves: " + measured.map { wave in
            "\(wave.name) (" + tables.map { "\($0) \(wave.sizes[$0].map { formatted(Double($0), decimals: 0) } ?? "-")" }.joined(separator: ", ") + ")"
        }.joined(separator: "; ") + "\n"
        let header = ["benchmark", "against"] + measured.map(\.name) + ["fit", "residual", "next", "bends"]
        let rows = scan.fits.map { curve -> [String] in
            let medians = measured.map { wave in curve.points.first { $0.wave == wave.name }.map { TimeUnit.readable($0.median) } ?? "-" }
            let next = curve.fits.dropFirst().first
            return [curve.benchmark, curve.parameter] + medians + [
                curve.fitDescription, curve.fits.first.map { String(format: "%.1f %%", $0.relativeResidual * 100) } ?? "-",
                next.map { "\($0.model.rawValue) \(String(format: "%.1f %%", $0.relativeResidual * 100))" } ?? "-",
                curve.bends.isEmpty ? "-" : curve.bends.joined(separator: "; "),
            ]
        }
        self.header = header
        self.rows = rows
        let aligned = AlignedColumns(header: header, rows: rows, leftAligned: [0, 1, header.count - 1])
        text += ([aligned.line(header)] + rows.map(aligned.line)).joined(separator: "\n") + "\n"
        for wave in scan.waves where wave.skipped != nil { text += "\(wave.name): \(wave.skipped!)\n" }
        self.text = text
    }
}
