import Foundation

/// `bench scale`: each benchmark's median at each wave, its growth fitted against a size parameter,
/// and where its curve bends.
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
        public var points: [Point]
        /// Every model, best first (empty with fewer than three waves: two points fit any shape).
        public var fits: [GrowthFit]
        /// The log-log slope between consecutive waves (1 = linear, 0 = flat).
        public var slopes: [Double]
        /// The wave after which the slope changes by more than `bendThreshold`, with both slopes.
        public var bends: [String]

        public var best: GrowthFit? { fits.first }

        /// A change of log-log slope at least this large is a bend (from flat to linear is 1).
        public static let bendThreshold = 0.4

        public init(benchmark: String, points: [Point]) {
            self.benchmark = benchmark
            self.points = points.sorted { $0.size < $1.size }
            let sorted = self.points
            fits = sorted.count >= 3 ? GrowthFit.all(sizes: sorted.map(\.size), times: sorted.map(\.median)) : []
            let slopes = zip(sorted, sorted.dropFirst()).map { a, b in
                b.size > a.size ? (log(b.median) - log(a.median)) / (log(b.size) - log(a.size)) : .nan
            }
            self.slopes = slopes
            bends = zip(slopes.indices, slopes.indices.dropFirst()).compactMap { i, j in
                guard slopes[i].isFinite, slopes[j].isFinite, abs(slopes[j] - slopes[i]) >= Self.bendThreshold else { return nil }
                return String(format: "at %@: slope %.2f → %.2f", sorted[j].wave, slopes[i], slopes[j])
            }
        }
    }

    /// The size parameter the curves are fitted against (a table's row count, e.g. `teams`).
    public var parameter: String
    public var waves: [Wave]
    public var fits: [Curve]
    public var datetime: String

    public init(parameter: String, waves: [Wave], curves: [Curve], date: Date = Date()) {
        self.parameter = parameter
        self.waves = waves
        self.fits = curves
        self.datetime = ISO8601DateFormatter().string(from: date)
    }
}
