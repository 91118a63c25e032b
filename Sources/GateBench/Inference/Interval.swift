#if canImport(Glibc)
import Glibc
#endif

/// An estimate with its confidence interval and the coverage the interval actually has.
public struct Interval: Sendable, Equatable, Codable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    /// The interval's coverage probability (at least the level asked for; exact methods jump in steps).
    public var coverage: Double

    public init(estimate: Double, low: Double, high: Double, coverage: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
        self.coverage = coverage
    }
}

/// The median of sorted values.
public func median(_ sorted: [Double]) -> Double {
    Statistics.median(sorted[...])
}

/// Φ(x), the standard normal distribution function.
func normalCDF(_ x: Double) -> Double {
    0.5 * erfc(-x / 2.0.squareRoot())
}

/// Φ⁻¹(p) for 0 < p < 1, by bisection on `normalCDF` (used a few times per comparison, never in a loop).
func normalQuantile(_ p: Double) -> Double {
    var low = -40.0, high = 40.0
    for _ in 0..<200 {
        let middle = (low + high) / 2
        if normalCDF(middle) < p { low = middle } else { high = middle }
    }
    return (low + high) / 2
}
