import Synchronization

/// The L1 in front of a shared L2 (Context Forge's L1/L2 design): a lookup is served by the L1 when
/// fresh, else by the L2, else by the factory, whose value is then stored in both.
///
/// ```swift
/// let cache = TieredCache(l1: L1Cache(byteBudget: 64 << 20, cost: CachedToolCatalog.cost), l2: redis,
///                         encode: ToolListCodec.encode, decode: ToolListCodec.decode)
/// let tools = try await cache.getOrSet("tools:enabled", ttl: .seconds(60)) { try service.listTools() }
/// ```
/// The L2 is read on the caller's task: concurrent L1 misses of one key each read it (one `GET`
/// each), and only a miss of both levels goes through the L1's single flight, so the factory still
/// runs once per key at a time. Reading the L2 inside the single flight instead sent every L2 hit
/// through an unstructured task on another thread (`perf` of `cache/tiered_l2_hit`: scheduler
/// wake-ups and context switches 30 % of samples then, 24 % now, the rest of them waiting on the
/// socket).
/// A value the L2 returns is stored in the L1 for the full `ttl` (the L2's remaining lifetime is
/// not read), unless the key was invalidated meanwhile. An L2 value that does not decode counts as
/// `l2Rejected`, is treated as a miss and overwritten.
public final class TieredCache<Value: Sendable>: Sendable {
    public let l1: L1Cache<Value, CoarseClock>
    public let l2: any L2Store
    private let encode: @Sendable (Value) -> [UInt8]
    private let decode: @Sendable (UnsafeRawBufferPointer) throws -> Value
    private let l2Hits = Atomic<Int>(0)
    private let l2Misses = Atomic<Int>(0)
    private let l2Rejected = Atomic<Int>(0)

    public init(
        l1: L1Cache<Value, CoarseClock>, l2: any L2Store, encode: @escaping @Sendable (Value) -> [UInt8],
        decode: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Value
    ) {
        self.l1 = l1
        self.l2 = l2
        self.encode = encode
        self.decode = decode
    }

    /// The value for `key` from the L1, the L2 or `factory`, in that order.
    public func getOrSet(
        _ key: String, ttl: Duration, factory: () async throws -> Value
    ) async throws -> Value {
        if let value = l1.value(forKey: key) { return value }
        let generation = l1.generation
        if let value = try lookUpL2(key) {
            l1.set(key, value, ttl: ttl, ifUnchangedSince: generation)
            return value
        }
        return try await l1.load(key, ttl: ttl) {
            let value = try await factory()
            try l2.set(key, encode(value), ttl: ttl)
            return value
        }
    }

    private func lookUpL2(_ key: String) throws -> Value? {
        let decode = self.decode
        let found: Result<Value, any Error>? = try l2.get(key) { bytes in
            guard let bytes else { return nil }
            return Result { try decode(bytes) }
        }
        switch found {
        case .success(let value):
            l2Hits.add(1, ordering: .relaxed)
            return value
        case .failure:
            l2Rejected.add(1, ordering: .relaxed)
            l2Misses.add(1, ordering: .relaxed)
            return nil
        case nil:
            l2Misses.add(1, ordering: .relaxed)
            return nil
        }
    }

    /// Removes `key` from both levels.
    public func invalidate(_ key: String) throws {
        l1.invalidate(key)
        try l2.invalidate(key)
    }

    /// Removes every key starting with `prefix` from both levels.
    public func invalidate(prefix: String) throws {
        l1.invalidate(prefix: prefix)
        try l2.invalidate(prefix: prefix)
    }

    /// The counters of both levels.
    public var statistics: TieredCacheStatistics {
        TieredCacheStatistics(
            l1: l1.statistics, l2Hits: l2Hits.load(ordering: .relaxed), l2Misses: l2Misses.load(ordering: .relaxed),
            l2Rejected: l2Rejected.load(ordering: .relaxed))
    }
}
