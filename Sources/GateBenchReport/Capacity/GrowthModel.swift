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

/// One model fitted to a benchmark's times over the waves: `time = fixed + coefficient × f(n)`.
///
/// The fixed part is what a call costs at any size (parsing, a statement's set-up); without it a
/// listing that costs 170 µs at every small wave and then grows would fit no shape at all.
public struct GrowthFit: Sendable, Codable, Equatable {
    public var model: GrowthModel
    /// Seconds at any size.
    public var fixed: Double
    /// Seconds per unit of f(n) (0 for the constant model).
    public var coefficient: Double
    /// Root mean square of the relative residuals, `(measured - fitted) / measured`.
    public var relativeResidual: Double

    /// Weighted least squares with weights 1 / time², so every wave counts the same whatever its
    /// time; both parts are kept non-negative (a negative one falls back to the other alone).
    public init(model: GrowthModel, sizes: [Double], times: [Double]) {
        self.model = model
        let f = sizes.map { model == .constant ? 0 : model.value(at: $0) }
        let w = times.map { 1 / ($0 * $0) }
        func sum(_ terms: (Int) -> Double) -> Double { times.indices.map(terms).reduce(0, +) }
        let sw = sum { w[$0] }, swf = sum { w[$0] * f[$0] }, swff = sum { w[$0] * f[$0] * f[$0] }
        let swt = sum { w[$0] * times[$0] }, swft = sum { w[$0] * f[$0] * times[$0] }
        let determinant = sw * swff - swf * swf
        var fixed = swt / sw, coefficient = 0.0
        if model != .constant && determinant > 0 {
            let a = (swff * swt - swf * swft) / determinant, b = (sw * swft - swf * swt) / determinant
            if a >= 0 && b >= 0 {
                (fixed, coefficient) = (a, b)
            } else if b > 0 {
                (fixed, coefficient) = (0, swft / swff)
            }
        }
        self.fixed = fixed
        self.coefficient = coefficient
        let residuals = times.indices.map { (times[$0] - fixed - coefficient * f[$0]) / times[$0] }
        relativeResidual = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
    }

    /// The fitted time at size `n`.
    public func time(at n: Double) -> Double { fixed + (model == .constant ? 0 : coefficient * model.value(at: n)) }

    /// A model fits no worse than the best by more than this (relative RMS) is preferred when it is simpler.
    public static let simplerModelTolerance = 0.02

    /// Every model fitted, the chosen one first: the simplest within `simplerModelTolerance` of
    /// the smallest residual, then the rest by residual.
    public static func all(sizes: [Double], times: [Double]) -> [GrowthFit] {
        let fits = GrowthModel.allCases.map { GrowthFit(model: $0, sizes: sizes, times: times) }
        let smallest = fits.map(\.relativeResidual).min() ?? 0
        let chosen = fits.first { $0.relativeResidual <= smallest + simplerModelTolerance }!
        return [chosen] + fits.filter { $0.model != chosen.model }.sorted { $0.relativeResidual < $1.relativeResidual }
    }
}
