/// What a self-measuring benchmark (an open-loop load) returns: one latency per request, and the
/// rate it achieved, which its OPS column shows instead of 1 / mean latency (a server holding
/// 167 requests/s at 200 µs each does 167 ops/s, not 5,000).
public struct MeasuredLoad: Sendable {
    /// Each request's latency in nanoseconds.
    public var latencies: [UInt64]
    /// Requests served per second; nil when the benchmark does not know it.
    public var achievedRate: Double?

    public init(latencies: [UInt64], achievedRate: Double? = nil) {
        self.latencies = latencies
        self.achievedRate = achievedRate
    }
}
