import Foundation

/// A saturation search or load ramp: the p99 latency at each offered rate, with the bound it must hold.
enum RampChart {
    struct Step {
        var offered: Double
        var p99Milliseconds: Double
        var held: Bool
    }

    static func svg(title: String, steps: [Step], boundMilliseconds: Double?) -> String? {
        let drawn = steps.filter { $0.offered > 0 && $0.p99Milliseconds > 0 }.sorted { $0.offered < $1.offered }
        guard drawn.count >= 2 else { return nil }
        var plot = SVGPlot(
            title: title, x: PlotScale(.log, covering: drawn.map(\.offered), range: SVGPlot.xRange),
            y: PlotScale(.log, covering: drawn.map(\.p99Milliseconds) + [boundMilliseconds].compactMap { $0 }, range: SVGPlot.yRange),
            xLabel: "offered rate (per second)", yLabel: "p99 latency (ms)")
        plot.line(drawn.map { ($0.offered, $0.p99Milliseconds) }, color: "#4c78a8")
        for step in drawn {
            plot.dot(
                step.offered, step.p99Milliseconds, color: step.held ? "#1b7f3b" : "#b3261e", radius: 3.5,
                tip: "\(Int(step.offered.rounded()))/s: p99 \(step.p99Milliseconds) ms, \(step.held ? "held" : "not held")")
        }
        if let boundMilliseconds { plot.horizontal(at: boundMilliseconds, color: "#b3261e", label: "p99 bound \(SVGPlot.compact(boundMilliseconds)) ms") }
        if let highest = drawn.filter(\.held).map(\.offered).max() {
            plot.vertical(at: highest, color: "#1b7f3b", label: "held \(SVGPlot.compact(highest))/s")
        }
        return plot.svg
    }
}
