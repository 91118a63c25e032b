import Foundation

/// Where a phase's time went and where its latency started to climb, from measurements.
public struct Bottleneck: Sendable, Codable {
    /// The second at which the phase's p95 started to climb, if it did.
    public struct Knee: Sendable, Codable {
        /// Seconds since the run started.
        public var second: Int
        /// Arrivals offered in that second (open loop) or requests completed (closed loop).
        public var offeredPerSecond: Int
        public var p95Ms: Double
        /// The median p95 of the phase's first three seconds.
        public var baselineP95Ms: Double
        /// The operation whose own p95 climbed first.
        public var firstOperation: String?
    }

    public var knee: Knee?
    /// Shares of the requests' total latency (due time to done): `queueing` before service,
    /// `lock wait` for SQLite's write lock (SQLite only), `pool wait` for a connection of the pool
    /// (PostgreSQL only; its row-lock waits happen in the server and count as executing),
    /// `cache loads` on L1 misses, `executing` the rest.
    public var shares: [String: Double]
    /// Mean process CPU, percent of one core, from the knee on (the whole phase without one);
    /// `cores` is the machine's.
    public var cpuPercent: Double
    public var cores: Int
    /// Busy-handler retries (sleeps waiting for the write lock) in the phase.
    public var lockRetries: Int
    /// One line: the largest share, and CPU saturation when the process used ≥ 90 % of the cores.
    public var verdict: String

    /// A climb: above twice the baseline and at least 1 ms above it, for two seconds running.
    static func isClimb(_ value: Double, over baseline: Double) -> Bool { value > 2 * baseline && value > baseline + 1 }

    /// `findKnee`: look for one (a ramp's phase; under a constant load there is no rate to name).
    /// `pooled`: requests took their connection from a pool (PostgreSQL), so `pool wait` is a share.
    init(tally: PhaseTally, points: [TimelinePoint], cores: Int, findKnee: Bool = true, pooled: Bool = false) {
        var total = OperationTally()
        for (_, one) in tally.operations { total.add(one) }
        let queueing = Double(tally.queueNanoseconds)
        let lock = Double(total.lockWaitNanoseconds)
        let cache = Double(total.cacheLoadNanoseconds)
        let pool = Double(total.poolWaitNanoseconds)
        let executing = max(Double(total.serviceNanoseconds) - lock - pool - cache, 0)
        let sum = max(queueing + lock + pool + cache + executing, 1)
        shares = ["queueing": queueing / sum, "cache loads": cache / sum, "executing": executing / sum]
        shares[pooled ? "pool wait" : "lock wait"] = (pooled ? pool : lock) / sum
        let knee = findKnee ? Self.knee(points) : nil
        let loaded = knee.map { knee in points.filter { $0.second >= knee.second } } ?? points
        lockRetries = total.lockRetries
        cpuPercent = loaded.isEmpty ? 0 : loaded.map(\.cpuPercent).reduce(0, +) / Double(loaded.count)
        self.cores = cores
        self.knee = knee
        let largest = shares.max { $0.value < $1.value }!
        var verdict = "\(largest.key) \(Int((largest.value * 100).rounded())) % of request time"
        if cpuPercent >= 90 * Double(cores) {
            verdict = "CPU saturated (\(Int(cpuPercent)) % of \(cores) cores); " + verdict
        }
        self.verdict = verdict
    }

    private static func knee(_ points: [TimelinePoint]) -> Knee? {
        guard points.count >= 5 else { return nil }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let baseline = median(points.prefix(3).map(\.p95Ms))
        guard let index = (3..<points.count).first(where: { index in
            isClimb(points[index].p95Ms, over: baseline)
                && (index + 1 == points.count || isClimb(points[index + 1].p95Ms, over: baseline))
        }) else { return nil }
        // Per operation, the first second its own p95 climbed over its own baseline.
        var firstClimb: [String: Int] = [:]
        let operations = Set(points.flatMap(\.operationP95Ms.keys))
        for operation in operations {
            let series = points.map { $0.operationP95Ms[operation] }
            let early = series.prefix(3).compactMap { $0 }
            guard !early.isEmpty else { continue }
            let own = median(early)
            if let second = (3..<series.count).first(where: { series[$0].map { isClimb($0, over: own) } ?? false }) {
                firstClimb[operation] = second
            }
        }
        let first = firstClimb.min { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }?.key
        return Knee(
            second: points[index].second, offeredPerSecond: points[index].offered, p95Ms: points[index].p95Ms,
            baselineP95Ms: baseline, firstOperation: first)
    }
}
