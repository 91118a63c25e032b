#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// An in-process L1 cache: string keys, a byte budget with CLOCK eviction, per-entry TTL,
/// `getOrSet` that runs the factory once per miss however many callers miss together,
/// invalidation by key and by prefix, and counters.
///
/// ```swift
/// let cache = L1Cache<[Tool], CoarseClock>(byteBudget: 64 << 20, cost: { $0.count * 1_024 })
/// let tools = try await cache.getOrSet("tools:enabled", ttl: .seconds(60)) { try service.listTools() }
/// cache.invalidate(prefix: "tools:")
/// ```
/// A `final class` over shards, each a `Mutex` around its own hash table of entries
/// (`ClockTable`): a hit is one lock, one probe of the table and one clock read, with no executor
/// hop (an actor would add one to every hit) and no write but the entry's `visited` bit, in a
/// bitmap apart from the entries. The clock is injectable for tests.
///
/// Sharding: a key's hash picks its shard (`shardCount`, a power of two). The byte budget is the
/// whole cache's: an insert reserves its bytes in one counter for all shards, then evicts from
/// its own shard in that shard's CLOCK order until the total fits, and from the other shards only
/// when its own is empty. With keys spread evenly, every shard evicts in proportion to its
/// inserts. A cache of one shard (the default below 8 MiB) keeps one CLOCK over all its keys.
///
/// The hit and miss paths are `@inlinable` so they are specialized in the caller's module:
/// unspecialized, every call looked up generic metadata at run time (a hit took 586 ns instead of
/// tens; on the miss path the lookups were a third of its samples in the working set, measured).
public final class L1Cache<Value: Sendable, C: Clock>: Sendable where C.Duration == Duration {
    /// What a lookup under the lock found.
    @usableFromInline
    enum Lookup {
        case hit(Value)
        /// No load of the key is in flight: the caller runs the factory (`generation` when it started).
        case lead(LoadFlight<Value>, generation: UInt64)
        case wait(LoadFlight<Value>)
    }

    /// Bytes charged per entry besides its value and key: its slot in the table (entry, tag,
    /// charge) at the table's lowest load (70 %).
    public static var entryOverheadBytes: Int {
        typealias Table = ClockTable<Value, C.Instant>
        return (Table.bytesPerSlot * 10 + Table.lowestLoadTenths - 1) / Table.lowestLoadTenths
    }

    /// The shards a cache of `byteBudget` gets unless told: four per processor (so that callers
    /// on different cores rarely want the same lock), rounded up to a power of two and at most
    /// 64, but no more than one per 4 MiB of budget (so a small cache keeps one CLOCK over all its keys).
    public static func defaultShardCount(byteBudget: Int) -> Int {
        let perProcessor = (4 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))).nextPowerOfTwo
        let byBudget = max(1, byteBudget / (4 << 20))
        let atMostByBudget = 1 << (Int.bitWidth - 1 - byBudget.leadingZeroBitCount)
        return min(perProcessor, atMostByBudget, 64)
    }

    /// The most bytes the cache holds; CLOCK chooses the entries that go when it would be exceeded.
    /// A value charged more than the budget (or more than 4 GiB) is returned but not stored.
    public let byteBudget: Int
    /// The number of shards (a power of two).
    public var shardCount: Int { shards.count }
    @usableFromInline let clock: C
    @usableFromInline let cost: @Sendable (Value) -> Int
    @usableFromInline let shards: [Shard]
    /// `shards` again, for the hit path to use without a retain and a release of the shard (two
    /// atomic operations on the line of its lock word); `shards` keeps them alive with the cache.
    @usableFromInline let unretainedShards: [Unmanaged<Shard>]
    @usableFromInline let shardMask: Int
    /// The keys' hash, seeded at random per cache (`KeyHasher`).
    @usableFromInline let hasher = KeyHasher(seed: .random(in: .min ... .max))
    /// Bytes charged in all shards, and reserved by inserts under way.
    @usableFromInline let charged = Atomic<Int>(0)
    /// Invalidations so far; a load or an L2 value read before one is not stored after it.
    @usableFromInline let invalidations = Atomic<UInt64>(0)

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
        // shard may hold twice its share (its table grows as it fills); one that reaches that
        // evicts its own entries.
        let entryLimit = max(1, byteBudget / Self.entryOverheadBytes) + 1
        let perShard = count == 1 ? entryLimit : min(entryLimit, 2 * entryLimit / count + 64)
        let hasher = self.hasher
        self.shards = (0..<count).map { _ in Shard(capacity: perShard, hashOf: { hasher.hash($0) }) }
        unretainedShards = self.shards.map { Unmanaged.passUnretained($0) }
        shardMask = count - 1
    }

    /// The fresh value stored for `key`, counting a hit or a miss.
    @inlinable
    public func value(forKey key: String) -> Value? {
        let hash = hasher.hash(key)
        return unretainedShards[shardIndex(of: hash)]._withUnsafeGuaranteedRef { shard in
            shard.prefetchHome(of: hash)
            let now = clock.now
            return shard.state.withLock { state in
                guard let value = fresh(key, hash: hash, now: now, in: &state) else {
                    state.statistics.misses += 1
                    return nil
                }
                state.statistics.hits += 1
                return value
            }
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
    @inlinable
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
            case .failure: shard(of: hasher.hash(key)).state.withLock { _ = $0.inflight.removeValue(forKey: key) }
            }
            flight.finish(result)
            return try result.get()
        }
    }

    /// Stores `value` for `ttl`, evicting entries as needed to stay within the budget.
    @inlinable
    public func set(_ key: String, _ value: Value, ttl: Duration) {
        store(key, value, ttl: ttl, ifUnchangedSince: nil, endingLoad: false)
    }

    /// The invalidation generation now, for `set(_:_:ttl:ifUnchangedSince:)`.
    @inlinable var generation: UInt64 { invalidations.load(ordering: .sequentiallyConsistent) }

    /// Stores `value` unless `invalidate` ran since `generation` was read: a value fetched
    /// elsewhere (an L2) before an invalidation is not stored after it.
    func set(_ key: String, _ value: Value, ttl: Duration, ifUnchangedSince generation: UInt64) {
        store(key, value, ttl: ttl, ifUnchangedSince: generation, endingLoad: false)
    }

    /// Removes `key`; loads of it in flight will not store their result.
    public func invalidate(_ key: String) {
        let hash = hasher.hash(key)
        // The generation moves before the key's shard is swept: a store that saw the old
        // generation under the shard's lock is swept, one after the sweep sees the new one.
        invalidations.add(1, ordering: .sequentiallyConsistent)
        shard(of: hash).state.withLock { state in
            if let slot = state.table.find(key, hash: hash) { remove(slot, in: &state) }
        }
    }

    /// Removes every key starting with `prefix` (a scan of all keys, as the real gateway's cache does).
    public func invalidate(prefix: String) {
        invalidations.add(1, ordering: .sequentiallyConsistent)
        for shard in shards {
            shard.state.withLock { state in
                // Removal moves other entries, so the keys are collected first.
                for key in state.table.keys(where: { $0.hasPrefix(prefix) }) {
                    if let slot = state.table.find(key, hash: hasher.hash(key)) { remove(slot, in: &state) }
                }
            }
        }
    }

    /// The counters now, summed over the shards (each shard's read under its lock).
    public var statistics: CacheStatistics {
        shards.reduce(into: CacheStatistics()) { total, shard in total.add(shard.state.withLock { $0.statistics }) }
    }

    @inlinable
    func lookupOrJoin(_ key: String) -> Lookup {
        let now = clock.now
        let hash = hasher.hash(key)
        return shard(of: hash).state.withLock { state in
            if let value = fresh(key, hash: hash, now: now, in: &state) { return .hit(value) }
            if let flight = state.inflight[key] { return .wait(flight) }
            state.statistics.loads += 1
            let flight = LoadFlight<Value>()
            state.inflight[key] = flight
            return .lead(flight, generation: generation)
        }
    }

    /// What one attempt of `store` under the key's shard lock came to.
    @usableFromInline
    enum StoreAttempt {
        case done
        /// The key's shard is empty and the others hold the budget: they must give up entries first.
        case needsRoomElsewhere
    }

    /// Stores `value` unless `generation` is given and an invalidation ran since. The key's shard
    /// evicts its own entries first; if it runs out, the other shards evict theirs, one lock at a
    /// time (never two held at once), and the insert is tried again (at most four times: under
    /// concurrent inserts that keep refilling the budget, the value is not stored).
    @inlinable
    func store(
        _ key: String, _ value: Value, ttl: Duration, ifUnchangedSince generation: UInt64?, endingLoad: Bool
    ) {
        let expiresAt = clock.now.advanced(by: ttl)
        let bytes = cost(value) + key.utf8.count + Self.entryOverheadBytes
        let hash = hasher.hash(key)
        let shard = shard(of: hash)
        var endingLoad = endingLoad
        for _ in 0..<4 {
            let attempt = shard.state.withLock { state -> StoreAttempt in
                if endingLoad { state.inflight.removeValue(forKey: key) }
                endingLoad = false
                if let generation, generation != self.generation { return .done }
                if let old = state.table.find(key, hash: hash) { remove(old, in: &state) }
                guard bytes <= min(byteBudget, ClockTable<Value, C.Instant>.largestCharge) else { return .done }
                // Reserve first: inserts into other shards see this one's bytes while it evicts.
                charged.add(bytes, ordering: .relaxed)
                while state.table.count > 0,
                    charged.load(ordering: .relaxed) > byteBudget || state.table.isFull
                {
                    evictOne(in: &state)
                }
                guard charged.load(ordering: .relaxed) <= byteBudget else {
                    charged.subtract(bytes, ordering: .relaxed)
                    return .needsRoomElsewhere
                }
                state.table.insert(key: key, hash: hash, value: value, bytes: bytes, expiresAt: expiresAt)
                shard.noteTableLocation(of: state.table)
                state.statistics.entries += 1
                state.statistics.bytes += bytes
                return .done
            }
            guard case .needsRoomElsewhere = attempt else { return }
            for other in shards where other !== shard {
                other.state.withLock { state in
                    while state.table.count > 0, charged.load(ordering: .relaxed) + bytes > byteBudget {
                        evictOne(in: &state)
                    }
                }
                if charged.load(ordering: .relaxed) + bytes <= byteBudget { break }
            }
        }
    }

    /// The shard of a key with `hash` (bits 32 and up; the table places keys by the low 32 and
    /// tags them with the top 8).
    @inlinable
    func shard(of hash: Int) -> Shard {
        shards[shardIndex(of: hash)]
    }

    /// The index in `shards` of the shard of a key with `hash`.
    @inlinable
    func shardIndex(of hash: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(UInt(bitPattern: hash)) >> 32) & shardMask
    }

    /// The value of `key` if it is stored and fresh (an expired entry is removed); marks the hit.
    @inlinable
    func fresh(_ key: String, hash: Int, now: C.Instant, in state: inout State) -> Value? {
        guard let slot = state.table.find(key, hash: hash) else { return nil }
        let entries = state.table.entries
        guard now < entries[slot].expiresAt else {
            remove(slot, in: &state)
            return nil
        }
        state.table.markVisited(slot)
        return entries[slot].value
    }

    /// Evicts the entry the shard's CLOCK hand chooses.
    @inlinable
    func evictOne(in state: inout State) {
        remove(state.table.nextVictim(), in: &state)
        state.statistics.evictions += 1
    }

    @inlinable
    func remove(_ slot: Int, in state: inout State) {
        let bytes = state.table.remove(at: slot)
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
