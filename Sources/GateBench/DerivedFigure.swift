/// A figure computed from several benchmarks of one group after they ran, such as the
/// multi-tenancy overhead `scoped / unscoped − 1`; shown under the group's table and saved.
public struct DerivedFigure: Sendable {
    /// How the value reads.
    public enum Style: String, Sendable, Codable {
        /// A relative change, printed as a signed percentage (0.123 → `+12.3 %`).
        case change
        /// A ratio, printed as `1.042×`.
        case ratio
    }

    public let group: String
    public let name: String
    /// How it is computed, in words, e.g. `scope_filtering_million_teams / list_tools_unscoped − 1 (medians)`.
    public let definition: String
    public let style: Style
    /// The value from the group's records by benchmark name; nil when an input is missing.
    public let compute: @Sendable ([String: BenchmarkRecord]) -> Double?

    public init(
        group: String, name: String, definition: String, style: Style,
        compute: @escaping @Sendable ([String: BenchmarkRecord]) -> Double?
    ) {
        self.group = group
        self.name = name
        self.definition = definition
        self.style = style
        self.compute = compute
    }

    /// `numerator`'s median over `denominator`'s, minus one.
    public static func medianChange(group: String, name: String, numerator: String, denominator: String)
        -> DerivedFigure
    {
        DerivedFigure(
            group: group, name: name, definition: "\(numerator) / \(denominator) − 1 (medians)", style: .change
        ) { records in
            guard let top = records[numerator]?.stats.median, let bottom = records[denominator]?.stats.median,
                bottom > 0
            else { return nil }
            return top / bottom - 1
        }
    }
}

/// A derived figure's value in a run.
public struct DerivedValue: Sendable, Codable, Equatable {
    public var group: String
    public var name: String
    public var definition: String
    public var style: DerivedFigure.Style
    public var value: Double

    /// `+12.3 %` or `1.042×`.
    public var formattedValue: String {
        switch style {
        case .change: (value >= 0 ? "+" : "") + formatted(value * 100, decimals: 1) + " %"
        case .ratio: formatted(value, decimals: 3) + "×"
        }
    }
}

extension Suite {
    /// The derived figures whose inputs are all in `records`.
    public func derivedValues(from records: [BenchmarkRecord]) -> [DerivedValue] {
        derivedFigures.compactMap { figure in
            let inGroup = Dictionary(
                records.filter { $0.group == figure.group }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            return figure.compute(inGroup).map {
                DerivedValue(group: figure.group, name: figure.name, definition: figure.definition, style: figure.style, value: $0)
            }
        }
    }
}
