/// A load scenario: which operations in which proportions, driven by which users, in which
/// phases, and what must hold. Read from a YAML file (`ScenarioFile`).
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Threads serving requests, each with its own SQLite connection.
    public var workers: Int
    public var mix: [WeightedOperation]
    public var population: Population
    public var phases: [Phase]
    public var assertions: [Assertion]
    /// The seat limit of the team `claim_seat` contends for.
    public var seatLimit: Int
    /// The share of `scoped_listing` responses checked against the brute-force scope oracle (0: none).
    public var verifyScope: Double = 0

    public struct WeightedOperation: Sendable, Equatable {
        public var operation: LoadOperation
        public var weight: Double
    }

    /// The users that drive the requests: the first `users` by id, user of rank r chosen with
    /// probability ∝ 1 / r^skew (Zipf; skew 0 is uniform).
    public struct Population: Sendable, Equatable {
        public var users: Int
        public var skew: Double
    }

    public struct Phase: Sendable, Equatable {
        public enum Load: Sendable, Equatable {
            /// Open loop: arrivals per second, ramping linearly from the first to the second.
            case rate(from: Double, to: Double)
            /// Closed loop: virtual users, each sending again as soon as answered; their number
            /// ramps linearly from the first to the second over the phase (k6's ramping-vus).
            case users(from: Int, to: Int)
            /// The highest constant arrival rate at which every assertion holds, to within 10 %:
            /// doubling from `from`, then bisection, one try of `step` per rate (`SaturationSearch`).
            case search(from: Double, cap: Double, step: Duration)
        }

        public var name: String
        public var duration: Duration
        public var load: Load

        /// The most threads the phase runs (the peak number of virtual users, or nil for the workers).
        var peakUsers: Int? {
            if case .users(let from, let to) = load { max(from, to) } else { nil }
        }
        /// A warm-up phase is run and reported but left out of the assertions and the leak verdict.
        public var isWarmup: Bool
        /// False for a phase that explores past capacity (a ramp to find the knee): reported, but
        /// left out of the assertions. Warm-ups are never asserted.
        public var isAsserted: Bool

        public init(name: String, duration: Duration, load: Load, isWarmup: Bool, isAsserted: Bool = true) {
            self.name = name
            self.duration = duration
            self.load = load
            self.isWarmup = isWarmup
            let isSearch: Bool
            if case .search = load { isSearch = true } else { isSearch = false }
            self.isAsserted = isAsserted && !isWarmup && !isSearch
        }
    }

    /// `[operation.]metric comparator value`, over the asserted phases (not warm-ups, not `assert: false`).
    public struct Assertion: Sendable, Equatable, CustomStringConvertible {
        public enum Metric: String, CaseIterable, Sendable {
            case p50 = "p50_ms", p95 = "p95_ms", p99 = "p99_ms", max = "max_ms"
            case errorRate = "error_rate", throughput, dropped
            /// The leak verdict's slope of allocated (or resident) memory, MiB per minute.
            case memorySlope = "memory_slope_mib_per_min"
        }

        public enum Comparator: String, CaseIterable, Sendable {
            case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=="

            func holds(_ value: Double, _ bound: Double) -> Bool {
                switch self {
                case .less: value < bound
                case .lessOrEqual: value <= bound
                case .greater: value > bound
                case .greaterOrEqual: value >= bound
                case .equal: value == bound
                }
            }
        }

        /// nil: over all operations.
        public var operation: LoadOperation?
        public var metric: Metric
        public var comparator: Comparator
        public var bound: Double

        public var description: String {
            (operation.map { $0.rawValue + "." } ?? "") + "\(metric.rawValue) \(comparator.rawValue) \(bound.formattedBound)"
        }
    }

    /// Every phase that is not a warm-up lasting `duration` (`--duration`, for a soak).
    public func withMeasuredPhases(lasting duration: Duration) -> Scenario {
        var copy = self
        for index in copy.phases.indices where !copy.phases[index].isWarmup { copy.phases[index].duration = duration }
        return copy
    }

    /// Every phase's duration multiplied by `factor` (`--duration-scale`).
    public func scaled(by factor: Double) -> Scenario {
        var copy = self
        for index in copy.phases.indices {
            copy.phases[index].duration = .nanoseconds(Int64((copy.phases[index].duration.seconds * factor * 1e9).rounded()))
        }
        return copy
    }
}

extension Scenario.Phase.Load {
    /// A constant number of virtual users.
    public static func users(_ count: Int) -> Self { .users(from: count, to: count) }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

extension Double {
    /// `500` for whole numbers, `0.01` otherwise.
    var formattedBound: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
