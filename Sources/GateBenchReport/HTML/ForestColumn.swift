import Foundation
import GateBench

/// One row's change and its confidence interval as a small inline chart, the threshold band shaded:
/// a column of these down a table is a forest plot.
enum ForestColumn {
    static let width = 320.0, height = 18.0

    /// `span` is the largest |change| drawn, as a fraction (the same for every row of a table).
    static func svg(_ row: ChangeRow, span: Double) -> String {
        let x = { (change: Double) in width / 2 + max(-1, min(1, change / span)) * (width / 2 - 6) }
        var parts = [
            "<svg class=\"forest\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">",
            "<rect x=\"\(SVGPlot.f(x(-row.threshold)))\" y=\"0\" width=\"\(SVGPlot.f(x(row.threshold) - x(-row.threshold)))\" height=\"\(Int(height))\" fill=\"#eceef2\"/>",
            "<line x1=\"\(SVGPlot.f(width / 2))\" x2=\"\(SVGPlot.f(width / 2))\" y1=\"0\" y2=\"\(Int(height))\" stroke=\"#aab1bf\"/>",
        ]
        if let estimate = row.estimate {
            let color = Self.color(row.verdict)
            parts.append(
                "<line x1=\"\(SVGPlot.f(x(estimate.lowChange)))\" x2=\"\(SVGPlot.f(x(estimate.highChange)))\" y1=\"9\" y2=\"9\" stroke=\"\(color)\" stroke-width=\"2\"/>")
            parts.append(
                "<rect x=\"\(SVGPlot.f(x(estimate.change) - 4))\" y=\"5\" width=\"8\" height=\"8\" fill=\"\(color)\"><title>\(HTML.escape(String(format: "%+.2f%% [%+.2f%%, %+.2f%%]", estimate.change * 100, estimate.lowChange * 100, estimate.highChange * 100)))</title></rect>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    static func color(_ verdict: Verdict) -> String {
        switch verdict {
        case .slower: "#b3261e"
        case .faster: "#1b7f3b"
        case .inconclusive: "#c79a00"
        default: "#5b6472"
        }
    }
}
