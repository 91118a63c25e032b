import CPrefetch

/// The cache's entries in one open-addressing hash table, evicted by CLOCK over the table's slots.
///
/// Why entries live in the table itself: a hit into DRAM waits for each access that depends on
/// the one before. With a key index in front of an entry slab, a hit was three such waits (index
/// slot, entry, value). Here a key's home slot follows from its hash alone, so the tag byte and
/// the entry at home are fetched at once (`find` prefetches them, and `L1Cache.Shard.prefetchHome(of:)`
/// already before the shard's lock is taken), and the hit waits twice (table, value).
///
/// Layout: four arrays addressed by slot in one mapping (`PageMemory`), advised onto huge pages
/// (keys are spread over the whole table, so every page is touched and a huge page wastes nothing;
/// a 10 GiB cache's tables span ~500 MB, past what 4 KiB TLB entries cover):
/// - tags, one byte per slot: 0 for an empty slot, else the top byte of the key's hash (never 0).
///   A probe compares the tag before it reads an entry's key;
/// - the entries (key, value, expiry): 32 bytes for a `String` key, an 8-byte value and an 8-byte
///   instant;
/// - the bytes each entry is charged, as `UInt32` (read only when an entry goes);
/// - the `visited` bits, one per slot: a hit writes this bitmap, never the entry's line.
///
/// Placement: a key's home is `hash × size / 2³²` (the low 32 bits of its hash), so homes keep
/// the hashes' order at every table size; collisions probe linearly, wrapping at the end.
/// Removal shifts the rest of the probe run back (no tombstones: lookups never slow down with
/// churn). The table grows by a quarter when seven eighths full, so it runs 70–87.5 % full:
/// 37 bytes a slot is 42–53 bytes an entry (an index in front of a slab took 52).
///
/// Eviction is CLOCK: a hand walks the slots (in a scattered order), clears each visited bit it passes and
/// stops at the first unvisited entry, which goes. A hit sets one bit and moves nothing. A new
/// entry lands at its home, ahead of or behind the hand: on the benchmark's request mix and on a
/// Zipf mix its hit ratio matches SIEVE's (which queues entries by insertion) and LRU's (tests).
@usableFromInline
struct ClockTable<Value, Instant>: ~Copyable {
    @usableFromInline
    struct Entry {
        @usableFromInline var key: String
        @usableFromInline var value: Value
        @usableFromInline var expiresAt: Instant

        @usableFromInline init(key: String, value: Value, expiresAt: Instant) {
            self.key = key
            self.value = value
            self.expiresAt = expiresAt
        }
    }

    /// The largest charge an entry can carry.
    @inlinable static var largestCharge: Int { Int(UInt32.max) }

    /// Bytes of the table per slot: the entry, its tag and its charge (its `visited` bit adds 1/8).
    static var bytesPerSlot: Int { MemoryLayout<Entry>.stride + MemoryLayout<UInt8>.stride + MemoryLayout<UInt32>.stride }

    /// The lowest share of slots in use once the table has grown (after growing by a quarter from
    /// seven eighths full), as numerator over 10.
    static var lowestLoadTenths: Int { 7 }

    /// The most entries the table holds.
    @usableFromInline let maxCount: Int
    /// The hash of a stored key, for the entries a removal or growth moves (the cache's
    /// `KeyHasher`; tests pass colliding hashes).
    @usableFromInline let hashOf: @Sendable (String) -> Int
    private var memory: PageMemory
    /// The number of slots (not a power of two: the table grows by quarters).
    @usableFromInline private(set) var size: Int
    @usableFromInline private(set) var tags: UnsafeMutablePointer<UInt8>
    @usableFromInline private(set) var entries: UnsafeMutablePointer<Entry>
    @usableFromInline var charges: UnsafeMutablePointer<UInt32>
    @usableFromInline private(set) var visitedBits: UnsafeMutablePointer<UInt64>
    @usableFromInline var count = 0
    /// The slot the eviction hand rests on, and how far it moves per step (coprime to `size`).
    @usableFromInline var hand = 0
    @usableFromInline var handStride: Int

    /// A table for at most `maxCount` entries (it starts small and grows). `hashOf` must be the
    /// hash the caller passes for each key.
    init(maxCount: Int, hashOf: @escaping @Sendable (String) -> Int) {
        precondition(maxCount >= 1, "ClockTable: the table must hold an entry")
        self.maxCount = maxCount
        self.hashOf = hashOf
        let layout = Self.layout(size: 16)
        memory = PageMemory(byteCount: layout.bytes)
        size = 16
        handStride = 16.scatteringStride
        (tags, charges, visitedBits, entries) = Self.arrays(in: memory, layout: layout, size: 16)
    }

    @inlinable deinit {
        for slot in 0..<size where tags[slot] != 0 { (entries + slot).deinitialize(count: 1) }
    }

    @inlinable var isFull: Bool { count == maxCount }

    /// The home slot of a key with `hash` in a table of `size` slots.
    @inlinable
    static func home(of hash: Int, size: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(truncatingIfNeeded: hash)) &* UInt64(size)) >> 32)
    }

    /// The tag of a key with `hash`: its top byte, 1 where that is 0 (0 marks an empty slot).
    @inlinable
    static func tag(of hash: Int) -> UInt8 {
        max(1, UInt8(truncatingIfNeeded: UInt(bitPattern: hash) >> (UInt.bitWidth - 8)))
    }

    /// The slot holding `key`, whose hash is `hash`, or nil.
    @inlinable @inline(__always)
    func find(_ key: String, hash: Int) -> Int? {
        let tags = self.tags, entries = self.entries, size = self.size
        let tag = Self.tag(of: hash)
        var slot = Self.home(of: hash, size: size)
        // The tag and the entry at home are both fetched now, not one after the other: the entry
        // is at home or a slot or two on, in the same or the next cache line. `value(forKey:)`
        // asked for the same lines before the lock; asking again still paid (without it, 1 GiB
        // working set: 411, 395, 404 → 446, 422, 445 ns one caller, alternated ×3).
        cache_prefetch(entries + slot)
        cache_prefetch(UnsafeRawPointer(entries + slot) + 64)
        while true {
            let found = tags[slot]
            if found == 0 { return nil }
            if found == tag && entries[slot].key == key { return slot }
            slot = slot + 1 == size ? 0 : slot + 1
        }
    }

    /// The word of `visitedBits` that holds `slot`'s bit, and the bit.
    @inlinable
    static func visitedBit(of slot: Int) -> (word: Int, mask: UInt64) {
        (slot >> 6, UInt64(1) << UInt64(slot & 63))
    }

    /// Marks a hit; writes only when the bit is not set yet.
    @inlinable
    func markVisited(_ slot: Int) {
        let (word, mask) = Self.visitedBit(of: slot)
        if visitedBits[word] & mask == 0 { visitedBits[word] |= mask }
    }

    /// Whether the entry in `slot` was hit since it was stored or the hand last passed it.
    @inlinable
    func isVisited(_ slot: Int) -> Bool {
        let (word, mask) = Self.visitedBit(of: slot)
        return visitedBits[word] & mask != 0
    }

    @inlinable
    func setVisited(_ slot: Int, _ visited: Bool) {
        let (word, mask) = Self.visitedBit(of: slot)
        if visited { visitedBits[word] |= mask } else { visitedBits[word] &= ~mask }
    }

    /// Stores a new, unvisited entry for `key` (hash `hash`), which must not be stored yet; the
    /// table must not be full and `bytes` must not exceed `largestCharge`. Returns its slot.
    @inlinable @discardableResult
    mutating func insert(key: String, hash: Int, value: Value, bytes: Int, expiresAt: Instant) -> Int {
        precondition(count < maxCount, "ClockTable: the table is full")
        precondition(bytes >= 0 && bytes <= Self.largestCharge, "ClockTable: a charge out of range")
        if (count + 1) * 8 > size * 7 { grow() }
        let slot = Self.freeSlot(from: Self.home(of: hash, size: size), in: tags, size: size)
        (entries + slot).initialize(to: Entry(key: key, value: value, expiresAt: expiresAt))
        tags[slot] = Self.tag(of: hash)
        charges[slot] = UInt32(bytes)
        setVisited(slot, false)
        count += 1
        return slot
    }

    /// Removes the entry in `slot`; returns the bytes it was charged. Later entries of its probe
    /// run may move back (the slots of other keys change).
    @inlinable @discardableResult
    mutating func remove(at slot: Int) -> Int {
        precondition(tags[slot] != 0, "ClockTable: removing an empty slot")
        let bytes = Int(charges[slot])
        (entries + slot).deinitialize(count: 1)
        // Backward shift: move each later entry of the run whose home is not in (hole, next]
        // into the hole, so that every key stays reachable from its home without gaps.
        var hole = slot
        var next = slot + 1 == size ? 0 : slot + 1
        while tags[next] != 0 {
            let home = Self.home(of: hashOf(entries[next].key), size: size)
            let stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next)
            if !stays {
                (entries + hole).moveInitialize(from: entries + next, count: 1)
                tags[hole] = tags[next]
                charges[hole] = charges[next]
                setVisited(hole, isVisited(next))
                hole = next
            }
            next = next + 1 == size ? 0 : next + 1
        }
        tags[hole] = 0
        setVisited(hole, false)
        count -= 1
        return bytes
    }

    /// The slot of the entry CLOCK evicts next (the table must not be empty): the hand clears
    /// the visited bits it passes and rests on the returned slot.
    ///
    /// The hand visits every slot once per round, but in a scattered order (`handStride` apart,
    /// modulo the size), not slot after slot: evicting a run of neighbours would empty the slots
    /// behind the hand while those ahead of it, filled by a whole round of inserts, merged into
    /// long probe runs (measured: a mean displacement of 6,361 slots after 200,000 evictions at
    /// 77 % full, against 1.7 before them). Scattered, evictions fall evenly over the table.
    @inlinable
    mutating func nextVictim() -> Int {
        precondition(count > 0, "ClockTable: nothing to evict")
        while true {
            if tags[hand] != 0 {
                if !isVisited(hand) { return hand }
                setVisited(hand, false)
            }
            hand += handStride
            if hand >= size { hand -= size }
        }
    }

    /// The keys stored that satisfy `include`.
    func keys(where include: (String) -> Bool) -> [String] {
        (0..<size).compactMap { slot in tags[slot] != 0 && include(entries[slot].key) ? entries[slot].key : nil }
    }

    /// Every stored key with its slot (for tests).
    var storedSlots: [(key: String, slot: Int)] {
        (0..<size).compactMap { slot in tags[slot] != 0 ? (entries[slot].key, slot) : nil }
    }

    /// Moves every entry into a table a quarter larger (at least 16 slots more); the hand starts
    /// a new round.
    @usableFromInline
    mutating func grow() {
        let newSize = size + max(16, size / 4)
        let layout = Self.layout(size: newSize)
        let newMemory = PageMemory(byteCount: layout.bytes)
        let new = Self.arrays(in: newMemory, layout: layout, size: newSize)
        for slot in 0..<size where tags[slot] != 0 {
            let target = Self.freeSlot(from: Self.home(of: hashOf(entries[slot].key), size: newSize), in: new.tags, size: newSize)
            (new.entries + target).moveInitialize(from: entries + slot, count: 1)
            new.tags[target] = tags[slot]
            new.charges[target] = charges[slot]
            if isVisited(slot) {
                let (word, mask) = Self.visitedBit(of: target)
                new.visitedBits[word] |= mask
            }
        }
        hand = 0
        handStride = newSize.scatteringStride
        memory = newMemory
        size = newSize
        (tags, charges, visitedBits, entries) = new
    }

    @inlinable
    static func freeSlot(from home: Int, in tags: UnsafeMutablePointer<UInt8>, size: Int) -> Int {
        var slot = home
        while tags[slot] != 0 { slot = slot + 1 == size ? 0 : slot + 1 }
        return slot
    }

    /// Byte offsets of the four arrays in one mapping for `size` slots, each on its own cache line.
    private static func layout(size: Int) -> (charges: Int, visited: Int, entries: Int, bytes: Int) {
        func line(_ bytes: Int) -> Int { (bytes + 63) / 64 * 64 }
        let charges = line(size)
        let visited = charges + line(size * MemoryLayout<UInt32>.stride)
        let entries = visited + line((size + 63) / 64 * MemoryLayout<UInt64>.stride)
        return (charges, visited, entries, entries + size * MemoryLayout<Entry>.stride)
    }

    private static func arrays(
        in memory: borrowing PageMemory, layout: (charges: Int, visited: Int, entries: Int, bytes: Int), size: Int
    ) -> (
        tags: UnsafeMutablePointer<UInt8>, charges: UnsafeMutablePointer<UInt32>,
        visitedBits: UnsafeMutablePointer<UInt64>, entries: UnsafeMutablePointer<Entry>
    ) {
        let base = memory.base
        return (
            base.bindMemory(to: UInt8.self, capacity: size),
            (base + layout.charges).bindMemory(to: UInt32.self, capacity: size),
            (base + layout.visited).bindMemory(to: UInt64.self, capacity: (size + 63) / 64),
            (base + layout.entries).bindMemory(to: Entry.self, capacity: size)
        )
    }
}
