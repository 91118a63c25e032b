import Foundation

/// `bench scale`: each benchmark's median at each wave, its growth fitted against each size
/// parameter asked for, and where its curve bends.
public struct CapacityScan: Sendable, Codable {
    /// A wave that was measured, with its row counts (`teams`, `tools`, `team_members`, …).
    public struct Wave: Sendable, Codable, Equatable {
        public var name: String
        public var sizes: [String: Int]
        /// Seconds the wave took (seeding and measuring); `skipped` when the time limit was reached first.
        public var seconds: Double
        public var skipped: String?

        public init(name: String, sizes: [String: Int], seconds: Double, skipped: String? = nil) {
            self.name = name
            self.sizes = sizes
            self.seconds = seconds
            self.skipped = skipped
        }
    }

    /// One benchmark's curve.
    public struct Curve: Sendable, Codable, Equatable {
        public struct Point: Sendable, Codable, Equatable {
            public var wave: String
            public var size: Double
            /// Median seconds per operation.
            public var median: Double

            public init(wave: String, size: Double, median: Double) {
                self.wave = wave
                self.size = size
                self.median = median
            }
        }

        public var benchmark: String
        /// The size the curve is drawn against (a table's row count, e.g. `teams`).
        public var parameter: String
        public var points: [Point]
        /// Every model, the chosen one first (empty with fewer than three distinct sizes: two points fit any shape).
        public var fits: [GrowthFit]
        /// The log-log slope between consecutive waves (1 = linear, 0 = flat); nil where the size did not change.
        public var slopes: [Double?]
        /// The wave after which the slope changes by more than `bendThreshold`, with both slopes.
        public var bends: [String]

        /// The chosen fit, when it describes the curve (relative residual within `acceptableResidual`).
        public var best: GrowthFit? { fits.first.flatMap { $0.relativeResidual <= Self.acceptableResidual ? $0 : nil } }

        /// What the fit column says: the shape, or why there is none.
        public var fitDescription: String {
            if let best { return best.model.rawValue }
            if let closest = fits.first { return "none (closest \(closest.model.rawValue))" }
            return points.isEmpty ? "(no such size)" : "(too few sizes)"
        }

        /// Above this relative residual no shape describes the curve (a step, say): the bends do.
        public static let acceptableResidual = 0.25

        /// A change of log-log slope at least this large is a bend (from flat to linear is 1).
        public static let bendThreshold = 0.4

        public init(benchmark: String, parameter: String, points: [Point]) {
            self.benchmark = benchmark
            self.parameter = parameter
            self.points = points.sorted { $0.size < $1.size }
            let sorted = self.points
            let distinct = Set(sorted.map(\.size)).count
            fits = distinct >= 3 ? GrowthFit.all(sizes: sorted.map(\.size), times: sorted.map(\.median)) : []
            let slopes = zip(sorted, sorted.dropFirst()).map { a, b in
                b.size > a.size ? (log(b.median) - log(a.median)) / (log(b.size) - log(a.size)) : nil
            }
            self.slopes = slopes
            bends = zip(slopes.indices, slopes.indices.dropFirst()).compactMap { i, j in
                guard let before = slopes[i], let after = slopes[j], abs(after - before) >= Self.bendThreshold else { return nil }
                return String(format: "at %@: slope %.2f → %.2f", sorted[j].wave, before, after)
            }
        }
    }

    /// The size parameters the curves are fitted against (tables' row counts: `teams`, `tools`).
    public var parameters: [String]
    public var waves: [Wave]
    /// A curve per benchmark per parameter.
    public var fits: [Curve]
    public var datetime: String

    public init(parameters: [String], waves: [Wave], curves: [Curve], date: Date = Date()) {
        self.parameters = parameters
        self.waves = waves
        self.fits = curves
        self.datetime = ISO8601DateFormatter().string(from: date)
    }
}
