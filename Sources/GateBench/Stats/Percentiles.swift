/// The latency percentiles every result carries.
public struct Percentiles: Sendable, Codable, Equatable {
    public let p50: Double
    public let p90: Double
    public let p95: Double
    public let p99: Double
    public let p999: Double

    /// Percentiles of ascending `sorted` samples.
    public init(sorted: [Double]) {
        p50 = Self.percentile(sorted, 0.50)
        p90 = Self.percentile(sorted, 0.90)
        p95 = Self.percentile(sorted, 0.95)
        p99 = Self.percentile(sorted, 0.99)
        p999 = Self.percentile(sorted, 0.999)
    }

    public init(p50: Double, p90: Double, p95: Double, p99: Double, p999: Double) {
        (self.p50, self.p90, self.p95, self.p99, self.p999) = (p50, p90, p95, p99, p999)
    }

    /// Linear interpolation between the closest ranks (numpy's default, Hyndman–Fan type 7).
    public static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of no samples")
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
    }
}
