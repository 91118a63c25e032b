import Foundation
import GateBench

/// A capacity scan as a terminal table: each benchmark's median per wave, its best fit and bends.
public struct CapacityTable {
    public let text: String

    public init(_ scan: CapacityScan) {
        let measured = scan.waves.filter { $0.skipped == nil }
        let header = ["benchmark"] + measured.map { "\($0.name) (\(scan.parameter) \($0.sizes[scan.parameter].map { formatted(Double($0), decimals: 0) } ?? "-"))" }
            + ["best fit", "residual", "next", "bends"]
        let rows = scan.fits.map { curve -> [String] in
            let medians = measured.map { wave in curve.points.first { $0.wave == wave.name }.map { TimeUnit.readable($0.median) } ?? "-" }
            let next = curve.fits.dropFirst().first
            return [curve.benchmark] + medians + [
                curve.best?.model.rawValue ?? "-", curve.best.map { String(format: "%.1f %%", $0.relativeResidual * 100) } ?? "-",
                next.map { "\($0.model.rawValue) \(String(format: "%.1f %%", $0.relativeResidual * 100))" } ?? "-",
                curve.bends.isEmpty ? "-" : curve.bends.joined(separator: "; "),
            ]
        }
        let aligned = AlignedColumns(header: header, rows: rows, leftAligned: [0, header.count - 1])
        var text = ([aligned.line(header)] + rows.map(aligned.line)).joined(separator: "\n") + "\n"
        for wave in scan.waves where wave.skipped != nil { text += "\(wave.name): \(wave.skipped!)\n" }
        self.text = text
    }
}
