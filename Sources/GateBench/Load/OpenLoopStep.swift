/// What one open-loop run at one offered rate measured.
public struct OpenLoopStep: Sendable, Equatable {
    /// The arrival rate offered, per second.
    public var offeredRate: Double
    /// Arrivals scheduled during the run.
    public var scheduled: Int
    /// Arrivals that found the queue full and were never served.
    public var dropped: Int
    /// Arrivals the generator published more than 1 ms late (the machine held the generator up).
    public var late: Int
    /// Served requests per second, from the first arrival's due time to the last completion.
    public var achievedRate: Double
    /// Latency from due time to completion, nanoseconds.
    public var p50: UInt64
    public var p99: UInt64
    public var max: UInt64
    /// How many requests each serve call took (1 for a server that takes one at a time).
    public var batches: BatchSizes

    /// Batch sizes of the serve calls of a run.
    public struct BatchSizes: Sendable, Equatable {
        public var count: Int
        public var p50: Int
        public var p99: Int
        public var max: Int

        init(_ sizes: [Int]) {
            let sorted = sizes.sorted()
            count = sorted.count
            p50 = sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
            p99 = sorted.isEmpty ? 0 : sorted[(sorted.count - 1) * 99 / 100]
            max = sorted.last ?? 0
        }
    }

    /// Held: p99 within `bound` and nothing dropped.
    public func isHeld(p99Bound bound: UInt64) -> Bool { p99 <= bound && dropped == 0 }

    /// Valid: the generator offered the load on schedule (at most 1 % of arrivals late). An invalid
    /// step says something about the machine at that moment, not about the server.
    public var isValid: Bool { late * 100 <= scheduled }
}

extension OpenLoopStep {
    /// A step measured elsewhere (several servers, say): percentiles in nanoseconds, no batches.
    public init(
        offeredRate: Double, scheduled: Int, dropped: Int, late: Int, achievedRate: Double, p50: UInt64, p99: UInt64,
        max: UInt64
    ) {
        self.init(
            offeredRate: offeredRate, scheduled: scheduled, dropped: dropped, late: late, achievedRate: achievedRate,
            p50: p50, p99: p99, max: max, batches: BatchSizes([]))
    }

    /// The step's figures from its latencies (nanoseconds, any order).
    init(offeredRate: Double, counts: ArrivalGenerator.Counts, latencies: [UInt64], batchSizes: [Int], elapsed: UInt64) {
        let sorted = latencies.sorted()
        func percentile(_ p: Int) -> UInt64 { sorted.isEmpty ? 0 : sorted[(sorted.count - 1) * p / 100] }
        self.init(
            offeredRate: offeredRate, scheduled: counts.scheduled, dropped: counts.dropped, late: counts.late,
            achievedRate: elapsed > 0 ? Double(sorted.count) / (Double(elapsed) / 1e9) : 0,
            p50: percentile(50), p99: percentile(99), max: sorted.last ?? 0, batches: BatchSizes(batchSizes))
    }
}
