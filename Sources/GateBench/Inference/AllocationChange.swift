/// Allocations per operation, BASE against HEAD. Only exact counts are gated.
public struct AllocationChange: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Every HEAD repetition allocates more per operation than every BASE repetition.
        case more
        case fewer
        case same
        /// The counts are not exact (async bodies, whose work may leave the measuring thread) or
        /// vary between repetitions: shown, never gated.
        case notGated = "not_gated"
    }

    public var base: Double
    public var head: Double
    public var verdict: Verdict

    /// Counts that differ by less than this per operation are the same (calibration changes the
    /// iteration count, and a once-per-round allocation then shows as a fraction per operation).
    public static let tolerance = 0.5

    /// Compares per-repetition counts; `exact` is false when any count is not exact.
    public init?(base: [Double], head: [Double], exact: Bool) {
        guard let baseLow = base.min(), let baseHigh = base.max(), let headLow = head.min(), let headHigh = head.max()
        else { return nil }
        self.base = base.sorted()[base.count / 2]
        self.head = head.sorted()[head.count / 2]
        let steady = baseHigh - baseLow <= Self.tolerance && headHigh - headLow <= Self.tolerance
        if !exact || !steady {
            verdict = .notGated
        } else if headLow > baseHigh + Self.tolerance {
            verdict = .more
        } else if headHigh < baseLow - Self.tolerance {
            verdict = .fewer
        } else {
            verdict = .same
        }
    }
}
