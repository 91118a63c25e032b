/// Where lookups of a `TieredCache` were served.
public struct TieredCacheStatistics: Sendable, Equatable {
    /// The L1's own counters (its misses are the L2's lookups).
    public var l1: CacheStatistics
    /// L1 misses the L2 served.
    public var l2Hits: Int
    /// L1 misses the L2 did not serve (the factory ran).
    public var l2Misses: Int
    /// L2 values that did not decode (counted in `l2Misses` too).
    public var l2Rejected: Int
}
