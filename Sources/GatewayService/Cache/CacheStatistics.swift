/// The cache's counters since it was created.
public struct CacheStatistics: Sendable, Equatable {
    public init() {}

    /// Lookups served from the cache.
    public var hits = 0
    /// Lookups not served from the cache (absent or expired), joined loads included.
    public var misses = 0
    /// Factory runs: at most one per missing key at a time.
    public var loads = 0
    /// Entries dropped to stay within the byte budget.
    public var evictions = 0
    /// Entries currently stored.
    public var entries = 0
    /// Bytes currently charged against the budget.
    public var bytes = 0

    /// Adds `other`'s counts to these (the cache sums its shards').
    mutating func add(_ other: CacheStatistics) {
        hits += other.hits
        misses += other.misses
        loads += other.loads
        evictions += other.evictions
        entries += other.entries
        bytes += other.bytes
    }

    /// hits / (hits + misses), or 0 before any lookup.
    public var hitRatio: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }
}
