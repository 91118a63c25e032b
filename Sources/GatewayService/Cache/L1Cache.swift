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
/// A `final class` over a `Mutex`: a hit is one lock, one probe of the key index, one read of the
/// entry and one clock read, with no executor hop (an actor would add one to every hit) and no
/// write but the entry's `visited` bit, in a bitmap apart from the entries (`SieveEntries`).
/// The clock is injectable for tests.
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

    @usableFromInline
    struct State: ~Copyable {
        @usableFromInline var index: KeyIndex
        @usableFromInline var entries: SieveEntries<Value, C.Instant>
        @usableFromInline var inflight: [String: LoadFlight<Value>] = [:]
        @usableFromInline var generation: UInt64 = 0
        @usableFromInline var statistics = CacheStatistics()

        init(capacity: Int) {
            entries = SieveEntries(capacity: capacity)
            index = KeyIndex(entryCapacity: entries.capacity)
        }
    }

    /// Bytes charged per entry besides its value and key: its slot in the entry slab (entry,
    /// charge, visited bit) and about two 4-byte slots of the key index (3/8 to 3/4 full).
    public static var entryOverheadBytes: Int { SieveEntries<Value, C.Instant>.bytesPerSlot + 8 }

    /// The most bytes the cache holds; SIEVE chooses the entries that go when it would be exceeded.
    /// A value charged more than the budget (or more than 4 GiB) is returned but not stored.
    public let byteBudget: Int
    @usableFromInline let clock: C
    private let cost: @Sendable (Value) -> Int
    @usableFromInline let state: Mutex<State>

    /// - Parameters:
    ///   - byteBudget: The most bytes charged at once (values, keys, per-entry overhead).
    ///   - clock: The clock of the TTLs; tests pass a manual one.
    ///   - cost: The bytes a value occupies.
    public init(byteBudget: Int, clock: C, cost: @escaping @Sendable (Value) -> Int) {
        self.byteBudget = byteBudget
        self.clock = clock
        self.cost = cost
        // Every entry is charged at least its overhead, so the budget bounds the entry count.
        state = Mutex(State(capacity: byteBudget / Self.entryOverheadBytes + 1))
    }

    /// The fresh value stored for `key`, counting a hit or a miss.
    @inlinable
    public func value(forKey key: String) -> Value? {
        let now = clock.now
        let hash = Self.hash(key)
        return state.withLock { state in
            guard let value = Self.fresh(key, hash: hash, now: now, in: &state) else {
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
            finishLoad(key, result, ttl: ttl, startedAt: generation)
            flight.finish(result)
            return try result.get()
        }
    }

    /// Stores `value` for `ttl`, evicting entries as needed to stay within the budget.
    public func set(_ key: String, _ value: Value, ttl: Duration) {
        let expiresAt = clock.now.advanced(by: ttl)
        let bytes = cost(value) + key.utf8.count + Self.entryOverheadBytes
        state.withLock { state in Self.store(key, value, bytes: bytes, expiresAt: expiresAt, budget: byteBudget, in: &state) }
    }

    /// The invalidation generation now, for `set(_:_:ttl:ifUnchangedSince:)`.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Stores `value` unless `invalidate` ran since `generation` was read: a value fetched
    /// elsewhere (an L2) before an invalidation is not stored after it.
    func set(_ key: String, _ value: Value, ttl: Duration, ifUnchangedSince generation: UInt64) {
        let expiresAt = clock.now.advanced(by: ttl)
        let bytes = cost(value) + key.utf8.count + Self.entryOverheadBytes
        state.withLock { state in
            guard state.generation == generation else { return }
            Self.store(key, value, bytes: bytes, expiresAt: expiresAt, budget: byteBudget, in: &state)
        }
    }

    /// Removes `key`; loads of it in flight will not store their result.
    public func invalidate(_ key: String) {
        let hash = Self.hash(key)
        state.withLock { state in
            state.generation &+= 1
            if let slot = Self.find(key, hash: hash, in: state) { Self.remove(slot, hash: hash, in: &state) }
        }
    }

    /// Removes every key starting with `prefix` (a scan of all keys, as the real gateway's cache does).
    public func invalidate(prefix: String) {
        state.withLock { state in
            state.generation &+= 1
            for slot in state.entries.allSlots() {
                let key = state.entries.slots[Int(slot)].key
                if key.hasPrefix(prefix) { Self.remove(slot, hash: Self.hash(key), in: &state) }
            }
        }
    }

    /// The counters now.
    public var statistics: CacheStatistics { state.withLock { $0.statistics } }

    private func lookupOrJoin(_ key: String) -> Lookup {
        let now = clock.now
        let hash = Self.hash(key)
        return state.withLock { state in
            if let value = Self.fresh(key, hash: hash, now: now, in: &state) { return .hit(value) }
            if let flight = state.inflight[key] { return .wait(flight) }
            state.statistics.loads += 1
            let flight = LoadFlight<Value>()
            state.inflight[key] = flight
            return .lead(flight, generation: state.generation)
        }
    }

    /// Ends the key's flight; stores a loaded value unless the key was invalidated since `generation`.
    private func finishLoad(_ key: String, _ result: Result<Value, any Error>, ttl: Duration, startedAt generation: UInt64) {
        guard case .success(let value) = result else {
            state.withLock { _ = $0.inflight.removeValue(forKey: key) }
            return
        }
        let expiresAt = clock.now.advanced(by: ttl)
        let bytes = cost(value) + key.utf8.count + Self.entryOverheadBytes
        state.withLock { state in
            state.inflight.removeValue(forKey: key)
            guard state.generation == generation else { return }
            Self.store(key, value, bytes: bytes, expiresAt: expiresAt, budget: byteBudget, in: &state)
        }
    }

    /// The key's 32-bit hash for the index (the low bits of Swift's seeded SipHash).
    @inlinable
    static func hash(_ key: String) -> UInt32 { UInt32(truncatingIfNeeded: key.hashValue) }

    @inlinable
    static func find(_ key: String, hash: UInt32, in state: borrowing State) -> Int32? {
        let slots = state.entries.slots
        return state.index.find(hash: hash) { slots[Int($0)].key == key }
    }

    /// The value of `key` if it is stored and fresh (an expired entry is removed); marks the hit.
    @inlinable
    static func fresh(_ key: String, hash: UInt32, now: C.Instant, in state: inout State) -> Value? {
        guard let slot = find(key, hash: hash, in: state) else { return nil }
        let slots = state.entries.slots
        guard now < slots[Int(slot)].expiresAt else {
            remove(slot, hash: hash, in: &state)
            return nil
        }
        state.entries.markVisited(slot)
        return slots[Int(slot)].value
    }

    private static func store(
        _ key: String, _ value: Value, bytes: Int, expiresAt: C.Instant, budget: Int, in state: inout State
    ) {
        let hash = Self.hash(key)
        if let old = find(key, hash: hash, in: state) { remove(old, hash: hash, in: &state) }
        guard bytes <= min(budget, SieveEntries<Value, C.Instant>.largestCharge) else { return }
        while state.entries.count > 0, state.statistics.bytes + bytes > budget || state.entries.isFull {
            let victim = state.entries.nextVictim()
            remove(victim, hash: Self.hash(state.entries.slots[Int(victim)].key), in: &state)
            state.statistics.evictions += 1
        }
        let slot = state.entries.insert(key: key, value: value, bytes: bytes, expiresAt: expiresAt)
        let slots = state.entries.slots
        state.index.insert(hash: hash, entry: slot) { Self.hash(slots[Int($0)].key) }
        state.statistics.entries += 1
        state.statistics.bytes += bytes
    }

    @usableFromInline
    static func remove(_ slot: Int32, hash: UInt32, in state: inout State) {
        let slots = state.entries.slots
        state.index.remove(hash: hash, entry: slot) { Self.hash(slots[Int($0)].key) }
        state.statistics.bytes -= state.entries.remove(slot)
        state.statistics.entries -= 1
    }
}

extension L1Cache where C == CoarseClock {
    /// A cache on the coarse monotonic clock, the default for production use.
    public convenience init(byteBudget: Int, cost: @escaping @Sendable (Value) -> Int) {
        self.init(byteBudget: byteBudget, clock: CoarseClock(), cost: cost)
    }
}
