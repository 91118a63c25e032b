/// When each arrival of an open-loop load is due (monotonic nanoseconds): a constant rate, or a
/// rate ramping linearly from `from` to `to` over the load's duration.
///
/// Under a ramp, the arrivals up to time t number `from·t + (to − from)·t² / (2T)`, so arrival i
/// is due at the t that solves that for i.
public struct ArrivalSchedule: Sendable {
    /// How many arrivals the load offers.
    public let count: Int
    private let start: UInt64
    private let from: Double
    /// Change of the rate per second (0 for a constant rate).
    private let slope: Double

    /// `count` arrivals at `rate` per second, the first due at `start`.
    public init(rate: Double, count: Int, start: UInt64) {
        self.count = count
        self.start = start
        from = rate
        slope = 0
    }

    /// A rate ramping from `from` to `to` per second over `duration`, the first arrival due at `start`.
    public init(from: Double, to: Double, duration: Duration, start: UInt64) {
        let seconds = duration.inSeconds
        count = Int(((from + to) / 2 * seconds).rounded())
        self.start = start
        self.from = from
        slope = (to - from) / seconds
    }

    /// Arrival `index`'s due time.
    @inline(__always)
    public func due(_ index: Int) -> UInt64 {
        let i = Double(index)
        guard abs(slope) >= 1e-9 else { return start + UInt64(i * (1e9 / from)) }
        let offset = (-from + (from * from + 2 * slope * i).squareRoot()) / slope
        return start + UInt64(max(offset, 0) * 1e9)
    }
}

/// Where a generator publishes arrivals (their due times); false when full: the arrival is dropped.
public protocol ArrivalSink: Sendable {
    func push(_ due: UInt64) -> Bool
}
