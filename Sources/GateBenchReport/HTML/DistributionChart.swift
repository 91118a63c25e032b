import Foundation
import GateBench

/// A benchmark's rounds as a histogram (time per operation), with the median and its confidence
/// interval; under `stripBelow` rounds, every round as a dot instead (bars of one or two rounds say nothing).
enum DistributionChart {
    static let stripBelow = 40

    static func svg(_ record: BenchmarkRecord) -> String? {
        let samples = record.stats.data.filter(\.isFinite).sorted()
        guard !samples.isEmpty else { return nil }
        let unit = TimeUnit.fitting(record.stats.median)
        if samples.count < stripBelow { return strip(record, samples: samples, unit: unit) }
        // The bulk of the rounds; a few far-out rounds would squeeze it into one bin, so they are counted, not drawn.
        let low = samples[Int(Double(samples.count - 1) * 0.005)], high = samples[Int(Double(samples.count - 1) * 0.995)]
        let shown = samples.filter { $0 >= low && $0 <= high }
        let outside = samples.count - shown.count
        let bins = min(40, max(8, Int(Double(shown.count).squareRoot())))
        // A spread over more than 3× (this VM's slow phases make two humps 2× apart) is binned and drawn
        // on a log axis, so the bulk is not squeezed into one bar.
        let logarithmic = high > 3 * low && low > 0
        let edges = (0...bins).map { index -> Double in
            let t = Double(index) / Double(bins)
            return logarithmic ? low * pow(high / low, t) : low + (high - low) * t
        }
        var counts = [Int](repeating: 0, count: bins)
        for value in shown {
            let t = logarithmic ? log(value / low) / log(high / low) : (high > low ? (value - low) / (high - low) : 0)
            counts[min(bins - 1, max(0, Int(t * Double(bins))))] += 1
        }
        let scaled = { (seconds: Double) in seconds * unit.scale }
        var plot = SVGPlot(
            title: "\(record.group)/\(record.name): \(samples.count) rounds",
            x: PlotScale(logarithmic ? .log : .linear, covering: [scaled(edges[0]), scaled(edges[bins])], range: SVGPlot.xRange),
            y: PlotScale(.linear, covering: counts.map(Double.init), range: SVGPlot.yRange, includeZero: true),
            xLabel: "time per operation (\(unit.symbol))" + (logarithmic ? ", log scale" : "")
                + (outside > 0 ? ", \(outside) rounds beyond 0.5–99.5 % not drawn" : ""),
            yLabel: "rounds")
        shadeMedianInterval(record, unit: unit, on: &plot)
        for (index, count) in counts.enumerated() where count > 0 {
            plot.rect(
                x0: scaled(edges[index]), x1: scaled(edges[index + 1]), y0: 0, y1: Double(count), color: "#4c78a8",
                tip: "\(TimeUnit.readable(edges[index])) – \(TimeUnit.readable(edges[index + 1])): \(count) rounds")
        }
        markMedian(record, unit: unit, on: &plot)
        return plot.svg
    }

    /// Each round a dot, fastest first (x: time, y: its rank), the median and its interval as in the histogram.
    private static func strip(_ record: BenchmarkRecord, samples: [Double], unit: TimeUnit) -> String {
        let scaled = samples.map { $0 * unit.scale }
        var plot = SVGPlot(
            title: "\(record.group)/\(record.name): \(samples.count) rounds",
            x: PlotScale(.linear, covering: scaled, range: SVGPlot.xRange),
            y: PlotScale(.linear, covering: [0, Double(samples.count + 1)], range: SVGPlot.yRange, includeZero: true),
            xLabel: "time per operation (\(unit.symbol))", yLabel: "round, fastest first")
        shadeMedianInterval(record, unit: unit, on: &plot)
        for (rank, value) in samples.enumerated() {
            plot.dot(value * unit.scale, Double(rank + 1), color: "#4c78a8", radius: 3.5, tip: TimeUnit.readable(value))
        }
        markMedian(record, unit: unit, on: &plot)
        return plot.svg
    }

    /// The median's confidence interval as a shaded band, when the record has one.
    private static func shadeMedianInterval(_ record: BenchmarkRecord, unit: TimeUnit, on plot: inout SVGPlot) {
        guard let low = record.extraNumber(BenchmarkRecord.HarnessKey.medianCILow),
            let high = record.extraNumber(BenchmarkRecord.HarnessKey.medianCIHigh)
        else { return }
        plot.rect(
            x0: low * unit.scale, x1: high * unit.scale, y0: 0, y1: plot.y.domain.upperBound, color: "#f2b134", opacity: 0.35,
            tip: "median's confidence interval: \(TimeUnit.readable(low)) – \(TimeUnit.readable(high))")
    }

    /// The median as a labelled red rule.
    private static func markMedian(_ record: BenchmarkRecord, unit: TimeUnit, on plot: inout SVGPlot) {
        plot.vertical(at: record.stats.median * unit.scale, color: "#b3261e", label: "median \(TimeUnit.readable(record.stats.median))", dashed: false)
    }
}
