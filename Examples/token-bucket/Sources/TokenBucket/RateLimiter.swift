/// Admits each tenant's requests at a steady rate with bursts up to a capacity (a token bucket per tenant).
///
/// Time is passed in, in nanoseconds, so that a caller (or a benchmark) decides the clock.
public struct RateLimiter: Sendable {
    public let ratePerSecond: Double
    public let burst: Double
    private var buckets: [UInt64: Bucket] = [:]

    struct Bucket: Sendable {
        var tokens: Double
        var updated: UInt64
    }

    public init(ratePerSecond: Double, burst: Double) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }

    /// Takes one token from `tenant`'s bucket at time `now`; false when it is empty.
    public mutating func admit(_ tenant: UInt64, now: UInt64) -> Bool {
        var bucket = buckets[tenant] ?? Bucket(tokens: burst, updated: now)
        let elapsed = Double(now &- bucket.updated) / 1e9
        bucket.tokens = min(burst, bucket.tokens + elapsed * ratePerSecond)
        bucket.updated = now
        let admitted = bucket.tokens >= 1
        if admitted { bucket.tokens -= 1 }
        buckets[tenant] = bucket
        return admitted
    }

    /// Tenants with a bucket.
    public var tenantCount: Int { buckets.count }
}
