import Foundation
import LoadScenarios

/// A load run second by second: requests offered and achieved, and latency percentiles, with the phases marked.
enum TimelineChart {
    static func svgs(_ timeline: [TimelinePoint]) -> [String] {
        guard timeline.count >= 2 else { return [] }
        let seconds = timeline.map { Double($0.second) }
        var throughput = SVGPlot(
            title: "requests per second",
            x: PlotScale(.linear, covering: seconds, range: SVGPlot.xRange),
            y: PlotScale(.linear, covering: timeline.flatMap { [Double($0.offered), Double($0.achieved)] }, range: SVGPlot.yRange, includeZero: true),
            xLabel: "seconds since start", yLabel: "requests / s")
        throughput.line(timeline.map { (Double($0.second), Double($0.offered)) }, color: "#aab1bf", label: "offered", dashed: true)
        throughput.line(timeline.map { (Double($0.second), Double($0.achieved)) }, color: "#4c78a8", label: "achieved")
        let errors = timeline.filter { $0.errors > 0 }
        for point in errors { throughput.dot(Double(point.second), Double(point.errors), color: "#b3261e", tip: "\(point.errors) errors at \(point.second) s") }
        var latency = SVGPlot(
            title: "latency per second",
            x: PlotScale(.linear, covering: seconds, range: SVGPlot.xRange),
            y: PlotScale(.log, covering: timeline.flatMap { [$0.p50Ms, $0.p99Ms] }, range: SVGPlot.yRange),
            xLabel: "seconds since start", yLabel: "latency (ms)")
        latency.line(timeline.map { (Double($0.second), $0.p50Ms) }, color: "#54a24b", label: "p50")
        latency.line(timeline.map { (Double($0.second), $0.p95Ms) }, color: "#f58518", label: "p95")
        latency.line(timeline.map { (Double($0.second), $0.p99Ms) }, color: "#b3261e", label: "p99")
        var phase = timeline[0].phase
        for point in timeline.dropFirst() where point.phase != phase {
            phase = point.phase
            throughput.vertical(at: Double(point.second), color: "#5b6472", label: phase)
            latency.vertical(at: Double(point.second), color: "#5b6472", label: phase)
        }
        return [throughput.svg, latency.svg]
    }
}
