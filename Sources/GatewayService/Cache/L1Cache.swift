#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// An in-process L1 cache: string keys, a byte budget with SIEVE eviction, per-entry TTL,
/// `getOrSet` that runs the factory once per miss however many callers miss together,
/// invalidation by key and by prefix, and counters.
///
/// ```swift
/// let cache = L1Cache<[Tool], CoarseClock>(byteBudget: 64 << 20, cost: { $0.count * 1_024 })
/// let tools = try await cache.getOrSet("tools:enabled", ttl: .seconds(60)) { try service.listTools() }
/// cache.invalidate(prefix: "tools:")
/// ```
/// A `final class` over shards, each a `Mutex` around its own key index and entry slab: a hit is
/// one lock, one probe of the key index, one read of the entry and one clock read, with no
/// executor hop (an actor would add one to every hit) and no write but the entry's `visited` bit,
/// in a bitmap apart from the entries (`SieveEntries`). The clock is injectable for tests.
///
/// Sharding: a key's hash picks its shard (`shardCount`, a power of two). The byte budget is the
/// whole cache's: an insert reserves its bytes in one counter for all shards, then evicts from
/// its own shard in that shard's SIEVE order until the total fits, and from the other shards only
/// when its own is empty. With keys spread evenly, every shard evicts in proportion to its
/// inserts. A cache of one shard (the default below 8 MiB) keeps one exact SIEVE queue.
///
/// The hit path is `@inlinable` so it is specialized in the caller's module: unspecialized, every
/// call looked up generic metadata at run time and a hit took 586 ns instead of tens (measured).
public final class L1Cache<Value: Sendable, C: Clock>: Sendable where C.Duration == Duration {
    /// What a lookup under the lock found.
    enum Lookup {
        case hit(Value)
        /// No load of the key is in flight: the caller runs the factory (`generation` when it started).
        case lead(LoadFlight<Value>, generation: UInt64)
        case wait(LoadFlight<Value>)
    }

    /// Bytes charged per entry besides its value and key: its slot in the entry slab (entry,
    /// charge, visited bit) and about two 4-byte slots of the key index (3/8 to 3/4 full).
    public static var entryOverheadBytes: Int { SieveEntries<Value, C.Instant>.bytesPerSlot + 8 }

    /// The shards a cache of `byteBudget` gets unless told: four per processor (so that callers
    /// on different cores rarely want the same lock), rounded up to a power of two and at most
    /// 64, but no more than one per 4 MiB of budget (so a small cache keeps one SIEVE queue).
    public static func defaultShardCount(byteBudget: Int) -> Int {
        let perProcessor = (4 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))).nextPowerOfTwo
        let byBudget = max(1, byteBudget / (4 << 20))
        let atMostByBudget = 1 << (Int.bitWidth - 1 - byBudget.leadingZeroBitCount)
        return min(perProcessor, atMostByBudget, 64)
    }

    /// Whether a cache of `byteBudget` in `shardCount` shards keeps its slabs and indexes on
    /// transparent huge pages: only when the memory they can waste — one partly touched 2 MiB
    /// page in each of a shard's four touched ranges (entries, charges, visited bits, index) — is
    /// at most 1 % of the budget (8 shards: from 6.25 GiB). Smaller caches stay on 4 KiB pages:
    /// at 1 GiB huge pages took resident memory from 1.097× to 1.134× the payload, and the
    /// request rate did not change beyond noise.
    public static func usesHugePages(byteBudget: Int, shardCount: Int) -> Bool {
        let worstWaste = max(1, shardCount).multipliedReportingOverflow(by: 4 * (2 << 20) * 100)
        return !worstWaste.overflow && byteBudget >= worstWaste.partialValue
    }

    /// The most bytes the cache holds; SIEVE chooses the entries that go when it would be exceeded.
    /// A value charged more than the budget (or more than 4 GiB) is returned but not stored.
    public let byteBudget: Int
    /// Whether the slabs and indexes are advised onto huge pages (`usesHugePages(byteBudget:shardCount:)`).
    public let onHugePages: Bool
    /// The number of shards (a power of two).
    public var shardCount: Int { shards.count }
    @usableFromInline let clock: C
    private let cost: @Sendable (Value) -> Int
    @usableFromInline let shards: [Shard]
    @usableFromInline let shardMask: Int
    /// Bytes charged in all shards, and reserved by inserts under way.
    private let charged = Atomic<Int>(0)
    /// Invalidations so far; a load or an L2 value read before one is not stored after it.
    private let invalidations = Atomic<UInt64>(0)

    /// - Parameters:
    ///   - byteBudget: The most bytes charged at once (values, keys, per-entry overhead).
    ///   - clock: The clock of the TTLs; tests pass a manual one.
    ///   - shards: How many locks the keys are spread over (clamped to 1...1,024 — each shard maps
    ///     three regions of its own — and rounded up to a power of two);
    ///     `defaultShardCount(byteBudget:)` when nil.
    ///   - cost: The bytes a value occupies.
    public init(byteBudget: Int, clock: C, shards: Int? = nil, cost: @escaping @Sendable (Value) -> Int) {
        self.byteBudget = byteBudget
        self.clock = clock
        self.cost = cost
        let count = min(max(1, shards ?? Self.defaultShardCount(byteBudget: byteBudget)), 1_024).nextPowerOfTwo
        // Every entry is charged at least its overhead, so the budget bounds the entry count. A
        // shard has room for twice its share (slabs are reserved, not committed, until touched);
        // one that fills up evicts its own entries.
        let entryLimit = max(1, byteBudget / Self.entryOverheadBytes) + 1
        let perShard = count == 1 ? entryLimit : min(entryLimit, 2 * entryLimit / count + 64)
        onHugePages = Self.usesHugePages(byteBudget: byteBudget, shardCount: count)
        self.shards = (0..<count).map { [onHugePages] _ in Shard(capacity: perShard, hugePages: onHugePages) }
        shardMask = count - 1
    }

    /// The fresh value stored for `key`, counting a hit or a miss.
    @inlinable
    public func value(forKey key: String) -> Value? {
        let now = clock.now
        let hash = key.hashValue
        return shard(of: hash).state.withLock { state in
            guard let value = fresh(key, hash: Self.indexHash(hash), now: now, in: &state) else {
                state.statistics.misses += 1
                return nil
            }
            state.statistics.hits += 1
            return value
        }
    }

    /// The value for `key`: the cached one while fresh, otherwise `factory`'s, stored for `ttl`.
    ///
    /// Concurrent callers that miss the same key share one factory run: the first runs it on its
    /// own task, the others wait for its result (or its error, cancellation included). If the key
    /// is invalidated while the factory runs, its result is returned to the waiting callers but
    /// not stored.
    ///
    /// `factory` does not escape (it runs before `getOrSet` returns), so a closure that captures
    /// the caller's variables keeps its context on the task's stack: an escaping one was a heap
    /// allocation on every call, hits included (measured: one per request in the working set).
    @inlinable
    public func getOrSet(
        _ key: String, ttl: Duration, factory: () async throws -> Value
    ) async throws -> Value {
        if let value = value(forKey: key) { return value }
        return try await load(key, ttl: ttl, factory: factory)
    }

    /// The miss path of `getOrSet`: join the load in flight or start one.
    @usableFromInline
    func load(
        _ key: String, ttl: Duration, factory: () async throws -> Value
    ) async throws -> Value {
        switch lookupOrJoin(key) {
        case .hit(let value):
            return value
        case .wait(let flight):
            return try await flight.value()
        case .lead(let flight, let generation):
            let result: Result<Value, any Error>
            do { result = .success(try await factory()) } catch { result = .failure(error) }
            switch result {
            case .success(let value): store(key, value, ttl: ttl, ifUnchangedSince: generation, endingLoad: true)
            case .failure: shard(of: key.hashValue).state.withLock { _ = $0.inflight.removeValue(forKey: key) }
            }
            flight.finish(result)
            return try result.get()
        }
    }

    /// Stores `value` for `ttl`, evicting entries as needed to stay within the budget.
    public func set(_ key: String, _ value: Value, ttl: Duration) {
        store(key, value, ttl: ttl, ifUnchangedSince: nil, endingLoad: false)
    }

    /// The invalidation generation now, for `set(_:_:ttl:ifUnchangedSince:)`.
    var generation: UInt64 { invalidations.load(ordering: .sequentiallyConsistent) }

    /// Stores `value` unless `invalidate` ran since `generation` was read: a value fetched
    /// elsewhere (an L2) before an invalidation is not stored after it.
    func set(_ key: String, _ value: Value, ttl: Duration, ifUnchangedSince generation: UInt64) {
        store(key, value, ttl: ttl, ifUnchangedSince: generation, endingLoad: false)
    }

    /// Removes `key`; loads of it in flight will not store their result.
    public func invalidate(_ key: String) {
        let fullHash = key.hashValue, hash = Self.indexHash(fullHash)
        // The generation moves before the key's shard is swept: a store that saw the old
        // generation under the shard's lock is swept, one after the sweep sees the new one.
        invalidations.add(1, ordering: .sequentiallyConsistent)
        shard(of: fullHash).state.withLock { state in
            if let slot = Self.find(key, hash: hash, in: state) { remove(slot, hash: hash, in: &state) }
        }
    }

    /// Removes every key starting with `prefix` (a scan of all keys, as the real gateway's cache does).
    public func invalidate(prefix: String) {
        invalidations.add(1, ordering: .sequentiallyConsistent)
        for shard in shards {
            shard.state.withLock { state in
                for slot in state.entries.allSlots() {
                    let key = state.entries.slots[Int(slot)].key
                    if key.hasPrefix(prefix) { remove(slot, hash: Self.indexHash(of: key), in: &state) }
                }
            }
        }
    }

    /// The counters now, summed over the shards (each shard's read under its lock).
    public var statistics: CacheStatistics {
        shards.reduce(into: CacheStatistics()) { total, shard in total.add(shard.state.withLock { $0.statistics }) }
    }

    private func lookupOrJoin(_ key: String) -> Lookup {
        let now = clock.now
        let hash = key.hashValue
        return shard(of: hash).state.withLock { state in
            if let value = fresh(key, hash: Self.indexHash(hash), now: now, in: &state) { return .hit(value) }
            if let flight = state.inflight[key] { return .wait(flight) }
            state.statistics.loads += 1
            let flight = LoadFlight<Value>()
            state.inflight[key] = flight
            return .lead(flight, generation: generation)
        }
    }

    /// What one attempt of `store` under the key's shard lock came to.
    private enum StoreAttempt {
        case done
        /// The key's shard is empty and the others hold the budget: they must give up entries first.
        case needsRoomElsewhere
    }

    /// Stores `value` unless `generation` is given and an invalidation ran since. The key's shard
    /// evicts its own entries first; if it runs out, the other shards evict theirs, one lock at a
    /// time (never two held at once), and the insert is tried again (at most four times: under
    /// concurrent inserts that keep refilling the budget, the value is not stored).
    private func store(
        _ key: String, _ value: Value, ttl: Duration, ifUnchangedSince generation: UInt64?, endingLoad: Bool
    ) {
        let expiresAt = clock.now.advanced(by: ttl)
        let bytes = cost(value) + key.utf8.count + Self.entryOverheadBytes
        let fullHash = key.hashValue, hash = Self.indexHash(fullHash)
        let shard = shard(of: fullHash)
        var endingLoad = endingLoad
        for _ in 0..<4 {
            let attempt = shard.state.withLock { state -> StoreAttempt in
                if endingLoad { state.inflight.removeValue(forKey: key) }
                endingLoad = false
                if let generation, generation != self.generation { return .done }
                if let old = Self.find(key, hash: hash, in: state) { remove(old, hash: hash, in: &state) }
                guard bytes <= min(byteBudget, SieveEntries<Value, C.Instant>.largestCharge) else { return .done }
                // Reserve first: inserts into other shards see this one's bytes while it evicts.
                charged.add(bytes, ordering: .relaxed)
                while state.entries.count > 0,
                    charged.load(ordering: .relaxed) > byteBudget || state.entries.isFull
                {
                    evictOne(in: &state)
                }
                guard charged.load(ordering: .relaxed) <= byteBudget else {
                    charged.subtract(bytes, ordering: .relaxed)
                    return .needsRoomElsewhere
                }
                let slot = state.entries.insert(key: key, value: value, bytes: bytes, expiresAt: expiresAt)
                let slots = state.entries.slots
                state.index.insert(hash: hash, entry: slot) { Self.indexHash(of: slots[Int($0)].key) }
                state.statistics.entries += 1
                state.statistics.bytes += bytes
                return .done
            }
            guard case .needsRoomElsewhere = attempt else { return }
            for other in shards where other !== shard {
                other.state.withLock { state in
                    while state.entries.count > 0, charged.load(ordering: .relaxed) + bytes > byteBudget {
                        evictOne(in: &state)
                    }
                }
                if charged.load(ordering: .relaxed) + bytes <= byteBudget { break }
            }
        }
    }

    /// The shard of a key with `hash` (its top 32 bits; the index uses the low 32).
    @inlinable
    func shard(of hash: Int) -> Shard {
        shards[Int(truncatingIfNeeded: UInt64(UInt(bitPattern: hash)) >> 32) & shardMask]
    }

    /// The key's 32-bit hash for the index: the low bits of Swift's seeded SipHash (`hashValue`).
    @inlinable
    static func indexHash(_ hash: Int) -> UInt32 { UInt32(truncatingIfNeeded: hash) }

    /// The index hash of a stored entry's key (removal and growth rehash the keys they move).
    static func indexHash(of key: String) -> UInt32 { indexHash(key.hashValue) }

    @inlinable
    static func find(_ key: String, hash: UInt32, in state: borrowing State) -> Int32? {
        let slots = state.entries.slots
        return state.index.find(hash: hash) { slots[Int($0)].key == key }
    }

    /// The value of `key` if it is stored and fresh (an expired entry is removed); marks the hit.
    @inlinable
    func fresh(_ key: String, hash: UInt32, now: C.Instant, in state: inout State) -> Value? {
        guard let slot = Self.find(key, hash: hash, in: state) else { return nil }
        let slots = state.entries.slots
        guard now < slots[Int(slot)].expiresAt else {
            remove(slot, hash: hash, in: &state)
            return nil
        }
        state.entries.markVisited(slot)
        return slots[Int(slot)].value
    }

    /// Evicts the entry the shard's SIEVE hand chooses.
    private func evictOne(in state: inout State) {
        let victim = state.entries.nextVictim()
        remove(victim, hash: Self.indexHash(of: state.entries.slots[Int(victim)].key), in: &state)
        state.statistics.evictions += 1
    }

    @usableFromInline
    func remove(_ slot: Int32, hash: UInt32, in state: inout State) {
        let slots = state.entries.slots
        state.index.remove(hash: hash, entry: slot) { Self.indexHash(of: slots[Int($0)].key) }
        let bytes = state.entries.remove(slot)
        state.statistics.bytes -= bytes
        state.statistics.entries -= 1
        charged.subtract(bytes, ordering: .relaxed)
    }
}

extension L1Cache where C == CoarseClock {
    /// A cache on the coarse monotonic clock, the default for production use.
    public convenience init(byteBudget: Int, cost: @escaping @Sendable (Value) -> Int) {
        self.init(byteBudget: byteBudget, clock: CoarseClock(), cost: cost)
    }
}
