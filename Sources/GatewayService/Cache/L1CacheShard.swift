import CPrefetch
import Synchronization

extension L1Cache {
    /// One lock's share of an `L1Cache`: the keys whose hash selects it, their table (entries and
    /// CLOCK eviction), their loads in flight, and their counters.
    ///
    /// Each shard is its own heap object, so two shards' locks and counters never share a cache
    /// line with each other's hot fields, and callers on different cores that hit different shards
    /// do not wait for each other (the lock is held across the table probe and the value's
    /// retain: with a million entries in DRAM, several hundred nanoseconds).
    @usableFromInline
    final class Shard: Sendable {
        @usableFromInline let state: Mutex<State>
        /// Where the table's tags and entries are and how many slots it has: written under the
        /// lock when the table moves, read without it by `prefetchHome(of:)`.
        @usableFromInline let tagsAddress = Atomic<Int>(0)
        @usableFromInline let entriesAddress = Atomic<Int>(0)
        @usableFromInline let tableSize = Atomic<Int>(0)

        init(capacity: Int, hashOf: @escaping @Sendable (String) -> Int) {
            state = Mutex(State(capacity: capacity, hashOf: hashOf))
            state.withLock { noteTableLocation(of: $0.table) }
        }

        /// Starts fetching the tag and the entry at the home slot of a key with `hash` before the
        /// caller takes the lock, so the table's cache miss overlaps the lock's atomic operation
        /// (which stops later loads until it completes). A location read while the table moves
        /// only prefetches a line nobody needs: a prefetch never faults.
        @inlinable
        func prefetchHome(of hash: Int) {
            let home = ClockTable<Value, C.Instant>.home(of: hash, size: tableSize.load(ordering: .relaxed))
            cache_prefetch(UnsafeRawPointer(bitPattern: tagsAddress.load(ordering: .relaxed) &+ home))
            let entry = entriesAddress.load(ordering: .relaxed) &+ home &* MemoryLayout<ClockTable<Value, C.Instant>.Entry>.stride
            cache_prefetch(UnsafeRawPointer(bitPattern: entry))
            cache_prefetch(UnsafeRawPointer(bitPattern: entry &+ 64))
        }

        /// Records where `table` is now; called under the lock after anything that may grow it.
        @inlinable
        func noteTableLocation(of table: borrowing ClockTable<Value, C.Instant>) {
            guard tableSize.load(ordering: .relaxed) != table.size else { return }
            tagsAddress.store(Int(bitPattern: table.tags), ordering: .relaxed)
            entriesAddress.store(Int(bitPattern: table.entries), ordering: .relaxed)
            tableSize.store(table.size, ordering: .relaxed)
        }
    }

    /// A shard's data, guarded by its lock.
    @usableFromInline
    struct State: ~Copyable {
        /// This shard's counters; `bytes` is what its entries are charged. First, so that a hit's
        /// only write besides the lock word (`hits`) is on the lock word's cache line: a line
        /// written on one core is fetched from that core by the next caller on the other.
        @usableFromInline var statistics = CacheStatistics()
        @usableFromInline var table: ClockTable<Value, C.Instant>
        @usableFromInline var inflight: [String: LoadFlight<Value>] = [:]

        init(capacity: Int, hashOf: @escaping @Sendable (String) -> Int) {
            table = ClockTable(maxCount: capacity, hashOf: hashOf)
        }
    }
}
