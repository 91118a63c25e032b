import Foundation
import LoadScenarios

/// Latency by percentile on HdrHistogram's scale: each step right is one more nine (90, 99, 99.9 %…).
enum PercentileChart {
    /// One line per named series of `(percentile, milliseconds)`.
    static func svg(title: String, series: [(label: String, values: [PercentileValue])]) -> String? {
        let points = series.flatMap(\.values).filter { $0.percentile < 100 }
        guard !points.isEmpty else { return nil }
        let nines = { (percentile: Double) in -log10(1 - min(percentile, 99.9999) / 100) }
        let ladder = PercentileValue.ladder
        var plot = SVGPlot(
            title: title, x: PlotScale(.linear, covering: [nines(ladder[0]), nines(ladder.last!)], range: SVGPlot.xRange),
            y: PlotScale(.log, covering: series.flatMap(\.values).map(\.value), range: SVGPlot.yRange),
            xLabel: "percentile", yLabel: "latency (ms)")
        plot.x.domain = nines(ladder[0])...nines(ladder.last!)
        plot.x.fixedTicks = ladder.map(nines)
        plot.xFormat = { value in
            let percentile = 100 * (1 - pow(10, -value))
            return percentile < 99.5 ? String(format: "%.0f%%", percentile) : String(format: "%g%%", (percentile * 1000).rounded() / 1000)
        }
        let colors = ["#4c78a8", "#e45756", "#54a24b", "#b279a2", "#f58518", "#72b7b2"]
        for (index, entry) in series.enumerated() {
            let color = colors[index % colors.count]
            let values = entry.values.filter { $0.percentile < 100 && $0.value > 0 }
            plot.line(values.map { (nines($0.percentile), $0.value) }, color: color, label: entry.label)
            for value in values {
                plot.dot(nines(value.percentile), value.value, color: color, tip: "\(entry.label): p\(value.percentile) = \(value.value) ms")
            }
        }
        return plot.svg
    }
}
