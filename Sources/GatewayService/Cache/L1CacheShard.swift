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

        init(capacity: Int) {
            state = Mutex(State(capacity: capacity))
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

        init(capacity: Int) {
            table = ClockTable(maxCount: capacity)
        }
    }
}
