import Foundation
import GateBench

/// One benchmark's median at each wave against the size parameter, on log-log axes, with its best fit.
enum CapacityChart {
    static func svg(_ curve: CapacityScan.Curve) -> String? {
        guard Set(curve.points.map(\.size)).count >= 2 else { return nil }
        let parameter = curve.parameter
        let unit = TimeUnit.fitting(curve.points.map(\.median).min() ?? 1)
        let fitted: [(Double, Double)] = curve.best.map { fit in
            let low = curve.points.first!.size, high = curve.points.last!.size
            return (0...24).map { step -> (Double, Double) in
                let n = low * pow(high / low, Double(step) / 24)
                return (n, fit.time(at: n) * unit.scale)
            }
        } ?? []
        var plot = SVGPlot(
            title: "\(curve.benchmark) against \(parameter)" + (curve.best.map { ": \($0.model.rawValue)" } ?? ""),
            x: PlotScale(.log, covering: curve.points.map(\.size), range: SVGPlot.xRange),
            y: PlotScale(.log, covering: curve.points.map { $0.median * unit.scale } + fitted.map(\.1), range: SVGPlot.yRange),
            xLabel: parameter, yLabel: "median (\(unit.symbol))")
        if let best = curve.best {
            plot.line(fitted, color: "#aab1bf", label: "\(best.model.rawValue), residual \(String(format: "%.1f", best.relativeResidual * 100)) %", dashed: true)
        }
        plot.line(curve.points.map { ($0.size, $0.median * unit.scale) }, color: "#4c78a8", label: "measured")
        for point in curve.points {
            plot.dot(point.size, point.median * unit.scale, color: "#4c78a8", radius: 3.5, tip: "\(point.wave): \(TimeUnit.readable(point.median)) at \(parameter) = \(Int(point.size))")
        }
        return plot.svg
    }
}
