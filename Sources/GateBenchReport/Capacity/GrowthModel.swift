import Foundation

/// A shape of growth with size n, as google/benchmark's complexity report fits them.
public enum GrowthModel: String, Sendable, Codable, CaseIterable {
    case constant = "O(1)"
    case logarithmic = "O(log n)"
    case linear = "O(n)"
    case linearithmic = "O(n log n)"
    case quadratic = "O(n²)"

    /// f(n), the curve `time = coefficient × f(n)` follows.
    public func value(at n: Double) -> Double {
        switch self {
        case .constant: 1
        case .logarithmic: log2(max(n, 2))
        case .linear: n
        case .linearithmic: n * log2(max(n, 2))
        case .quadratic: n * n
        }
    }
}

/// One model fitted to a benchmark's times over the waves.
public struct GrowthFit: Sendable, Codable, Equatable {
    public var model: GrowthModel
    /// Seconds per unit of f(n).
    public var coefficient: Double
    /// Root mean square of the relative residuals, `(measured - fitted) / measured`.
    public var relativeResidual: Double

    /// The least-squares coefficient in relative terms (each wave counts the same, whatever its
    /// time), as google/benchmark's `MinimalLeastSq` does it in absolute terms.
    public init(model: GrowthModel, sizes: [Double], times: [Double]) {
        self.model = model
        // Minimize Σ ((t - c f) / t)² : c = Σ (f / t) / Σ (f / t)².
        let ratios = zip(sizes, times).map { model.value(at: $0) / $1 }
        let coefficient = ratios.reduce(0, +) / ratios.map { $0 * $0 }.reduce(0, +)
        self.coefficient = coefficient
        let residuals = zip(sizes, times).map { (($1 - coefficient * model.value(at: $0)) / $1) }
        relativeResidual = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
    }

    /// The fitted time at size `n`.
    public func time(at n: Double) -> Double { coefficient * model.value(at: n) }

    /// Every model fitted, best (smallest residual) first.
    public static func all(sizes: [Double], times: [Double]) -> [GrowthFit] {
        GrowthModel.allCases.map { GrowthFit(model: $0, sizes: sizes, times: times) }
            .sorted { $0.relativeResidual < $1.relativeResidual }
    }
}
