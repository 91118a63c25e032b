import Foundation
import GateBench

/// A benchmark's history: a point per commit, the level of each stretch between change points, and the changes.
enum TrendChart {
    static func svg(_ trend: BenchmarkTrend) -> String? {
        guard !trend.points.isEmpty else { return nil }
        let unit = TimeUnit.fitting(trend.points.map(\.median).min() ?? 1)
        let indices = trend.points.indices.map(Double.init)
        var plot = SVGPlot(
            title: trend.benchmark, x: PlotScale(.linear, covering: indices + [0], range: SVGPlot.xRange),
            y: PlotScale(.linear, covering: trend.points.map { $0.median * unit.scale }, range: SVGPlot.yRange),
            xLabel: "commit (oldest first)", yLabel: "median (\(unit.symbol))")
        for (index, point) in trend.points.enumerated() {
            plot.dot(
                Double(index), point.median * unit.scale, color: "#4c78a8",
                tip: "\(point.commit.prefix(12)): \(TimeUnit.readable(point.median)) (\(point.runs) run\(point.runs == 1 ? "" : "s"))")
        }
        let bounds = [0] + trend.changes.map(\.index) + [trend.points.count]
        for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
            let level = median(trend.points[start..<end].map(\.median).sorted()) * unit.scale
            plot.line([(Double(start) - 0.4, level), (Double(end - 1) + 0.4, level)], color: "#1d2330")
        }
        for change in trend.changes {
            let percent = String(format: "%+.1f%%", change.change * 100)
            plot.vertical(at: Double(change.index) - 0.5, color: change.change > 0 ? "#b3261e" : "#1b7f3b", label: "\(percent) at \(change.commit.prefix(7))")
        }
        return plot.svg
    }
}
