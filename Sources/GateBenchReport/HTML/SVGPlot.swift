import Foundation

/// An axis's mapping from data to pixels: linear, or logarithmic (base 10) for rates and latencies.
struct PlotScale {
    enum Kind { case linear, log }

    var kind: Kind
    var domain: ClosedRange<Double>
    /// The pixels the domain maps to, from its low end to its high end (y runs upwards: from > to).
    var range: (from: Double, to: Double)
    /// Ticks to use instead of round values (the percentile ladder, say).
    var fixedTicks: [Double]?

    /// A scale over `values` with a little margin; a log scale drops values ≤ 0.
    init(_ kind: Kind, covering values: [Double], range: (from: Double, to: Double), includeZero: Bool = false) {
        self.kind = kind
        self.range = range
        let finite = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        var low = finite.min() ?? (kind == .log ? 1 : 0), high = finite.max() ?? (kind == .log ? 10 : 1)
        if includeZero && kind == .linear { low = min(low, 0) }
        if kind == .log {
            low = pow(10, floor(log10(low) * 4) / 4)
            high = pow(10, ceil(log10(high) * 4) / 4)
            if high <= low { high = low * 10 }
        } else {
            if high <= low { high = low + max(abs(low), 1) * 0.1 }
            let pad = (high - low) * 0.05
            if !(includeZero && low == 0) { low -= pad }
            high += pad
        }
        domain = low...high
    }

    func callAsFunction(_ value: Double) -> Double {
        let t: Double
        switch kind {
        case .linear: t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .log: t = (log10(max(value, domain.lowerBound)) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
        }
        return range.from + min(max(t, -0.02), 1.02) * (range.to - range.from)
    }

    /// About five round tick values inside the domain.
    var ticks: [Double] {
        if let fixedTicks { return fixedTicks }
        switch kind {
        case .log:
            let first = Int(ceil(log10(domain.lowerBound) - 1e-9)), last = Int(floor(log10(domain.upperBound) + 1e-9))
            let decades = (first...max(first, last)).map { pow(10, Double($0)) }.filter { domain.contains($0) }
            if decades.count >= 2 { return decades }
            return [1, 2, 5].flatMap { m in (first - 1...last + 1).map { m * pow(10, Double($0)) } }.filter { domain.contains($0) }.sorted()
        case .linear:
            let span = domain.upperBound - domain.lowerBound
            let rough = span / 5
            let magnitude = pow(10, floor(log10(rough)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
            var tick = ceil(domain.lowerBound / step) * step
            var ticks: [Double] = []
            while tick <= domain.upperBound + step * 1e-9 {
                ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
                tick += step
            }
            return ticks
        }
    }
}

/// An SVG chart: a frame with two axes, their ticks and labels, and marks drawn in data coordinates.
///
/// Every chart of the report is one of these, drawn here in Swift: the report needs no script
/// library and no network to open.
struct SVGPlot {
    static let width = 640.0, height = 300.0
    static let left = 64.0, right = 16.0, top = 28.0, bottom = 44.0

    var title: String
    var x: PlotScale
    var y: PlotScale
    var xLabel: String
    var yLabel: String
    var xFormat: (Double) -> String = SVGPlot.compact
    var yFormat: (Double) -> String = SVGPlot.compact
    private(set) var marks: [String] = []
    private var legend: [(label: String, color: String)] = []

    static var xRange: (from: Double, to: Double) { (left, width - right) }
    static var yRange: (from: Double, to: Double) { (height - bottom, top) }

    init(title: String, x: PlotScale, y: PlotScale, xLabel: String, yLabel: String) {
        self.title = title
        self.x = x
        self.y = y
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// A polyline through `points`, with a dot at each when `dots`.
    mutating func line(_ points: [(Double, Double)], color: String, label: String? = nil, dots: Bool = false, dashed: Bool = false) {
        let finite = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard !finite.isEmpty else { return }
        let path = finite.map { "\(Self.f(x($0.0))),\(Self.f(y($0.1)))" }.joined(separator: " ")
        marks.append(
            "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"\(dashed ? " stroke-dasharray=\"5 4\"" : "") points=\"\(path)\"/>")
        if dots { for point in finite { dot(point.0, point.1, color: color) } }
        if let label { legend.append((label, color)) }
    }

    /// A dot, with a tooltip.
    mutating func dot(_ px: Double, _ py: Double, color: String, radius: Double = 2.6, tip: String? = nil) {
        guard px.isFinite, py.isFinite else { return }
        let title = tip.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        marks.append("<circle cx=\"\(Self.f(x(px)))\" cy=\"\(Self.f(y(py)))\" r=\"\(radius)\" fill=\"\(color)\">\(title)</circle>")
    }

    /// A filled rectangle between two data corners, with a tooltip.
    mutating func rect(x0: Double, x1: Double, y0: Double, y1: Double, color: String, opacity: Double = 1, tip: String? = nil) {
        let left = min(x(x0), x(x1)), top = min(y(y0), y(y1))
        let title = tip.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        marks.append(
            "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(abs(x(x1) - x(x0))))\" height=\"\(Self.f(abs(y(y1) - y(y0))))\" fill=\"\(color)\" fill-opacity=\"\(opacity)\">\(title)</rect>")
    }

    /// A vertical rule at data x, labelled at the top.
    mutating func vertical(at value: Double, color: String, label: String? = nil, dashed: Bool = true) {
        let px = Self.f(x(value))
        marks.append(
            "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(Self.f(Self.top))\" y2=\"\(Self.f(Self.height - Self.bottom))\" stroke=\"\(color)\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
        if let label { marks.append("<text x=\"\(px)\" y=\"\(Self.f(Self.top - 4))\" class=\"mark\" fill=\"\(color)\">\(HTML.escape(label))</text>") }
    }

    /// A horizontal rule at data y, labelled at the right.
    mutating func horizontal(at value: Double, color: String, label: String? = nil) {
        let py = Self.f(y(value))
        marks.append(
            "<line x1=\"\(Self.f(Self.left))\" x2=\"\(Self.f(Self.width - Self.right))\" y1=\"\(py)\" y2=\"\(py)\" stroke=\"\(color)\" stroke-dasharray=\"4 3\"/>")
        if let label {
            marks.append("<text x=\"\(Self.f(Self.width - Self.right - 2))\" y=\"\(Self.f(y(value) - 4))\" class=\"mark end\" fill=\"\(color)\">\(HTML.escape(label))</text>")
        }
    }

    /// The SVG element.
    var svg: String {
        var parts = [
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">",
            "<text x=\"\(Self.f(Self.left))\" y=\"14\" class=\"title\">\(HTML.escape(title))</text>",
        ]
        let bottomY = Self.height - Self.bottom
        for tick in x.ticks {
            let px = Self.f(x(tick))
            parts.append("<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(Self.f(Self.top))\" y2=\"\(Self.f(bottomY))\" class=\"grid\"/>")
            parts.append("<text x=\"\(px)\" y=\"\(Self.f(bottomY + 14))\" class=\"tick\">\(HTML.escape(xFormat(tick)))</text>")
        }
        for tick in y.ticks {
            let py = Self.f(y(tick))
            parts.append("<line x1=\"\(Self.f(Self.left))\" x2=\"\(Self.f(Self.width - Self.right))\" y1=\"\(py)\" y2=\"\(py)\" class=\"grid\"/>")
            parts.append("<text x=\"\(Self.f(Self.left - 6))\" y=\"\(Self.f(y(tick) + 4))\" class=\"tick end\">\(HTML.escape(yFormat(tick)))</text>")
        }
        parts.append(
            "<rect x=\"\(Self.f(Self.left))\" y=\"\(Self.f(Self.top))\" width=\"\(Self.f(Self.width - Self.left - Self.right))\" height=\"\(Self.f(bottomY - Self.top))\" class=\"frame\"/>")
        parts += marks
        parts.append("<text x=\"\(Self.f((Self.left + Self.width - Self.right) / 2))\" y=\"\(Self.f(Self.height - 8))\" class=\"label\">\(HTML.escape(xLabel))</text>")
        parts.append(
            "<text transform=\"translate(14 \(Self.f((Self.top + bottomY) / 2))) rotate(-90)\" class=\"label\">\(HTML.escape(yLabel))</text>")
        for (offset, entry) in legend.enumerated() {
            let lx = Self.width - Self.right - 150, ly = Self.top + 14 + Double(offset) * 14
            parts.append("<rect x=\"\(Self.f(lx))\" y=\"\(Self.f(ly - 8))\" width=\"10\" height=\"3\" fill=\"\(entry.color)\"/>")
            parts.append("<text x=\"\(Self.f(lx + 14))\" y=\"\(Self.f(ly))\" class=\"legend\">\(HTML.escape(entry.label))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// 1.2k, 35, 0.25, 3M: tick labels.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 { return trimmed(value / 1e6) + "M" }
        if magnitude >= 1e3 { return trimmed(value / 1e3) + "k" }
        return trimmed(value)
    }

    private static func trimmed(_ value: Double) -> String {
        let text = abs(value) >= 10 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.3g", value)
        return text
    }
}
