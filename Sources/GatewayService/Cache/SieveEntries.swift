/// The cache's entries in one slab, kept in SIEVE order for eviction.
///
/// SIEVE (Zhang et al., NSDI 2024): entries form a queue from the newest to the oldest; a hit
/// only sets the entry's `visited` bit, so a hit moves nothing and touches no other entry (a
/// strict LRU list relinks three entries on every hit). To evict, a hand walks from where it
/// last stopped towards newer entries, wrapping from the newest back to the oldest: it clears
/// the bit of each visited entry and stops at the first unvisited one, which goes. Survivors
/// keep their place, so a new entry that is never hit again is reached sooner than under CLOCK.
///
/// The slab is reserved once for `capacity` entries (`PageMemory`: committed as touched, on huge
/// pages) and addressed by slot number; the queue links are slot numbers too. Removed slots are
/// reused before new ones are touched.
@usableFromInline
struct SieveEntries<Value, Instant>: ~Copyable {
    @usableFromInline
    struct Entry {
        @usableFromInline var key: String
        @usableFromInline var value: Value
        @usableFromInline var expiresAt: Instant
        /// The bytes charged, shifted left by one, with the `visited` bit as bit 0 (a separate
        /// `Bool` would add 8 bytes of padding to every entry).
        @usableFromInline var bytesAndVisited: Int
        /// The next newer and older entries, or -1.
        @usableFromInline var newer: Int32
        @usableFromInline var older: Int32

        @usableFromInline var bytes: Int { bytesAndVisited >> 1 }
        @usableFromInline var visited: Bool { bytesAndVisited & 1 != 0 }
    }

    /// The most entries the slab holds.
    let capacity: Int
    private let memory: PageMemory
    @usableFromInline let slots: UnsafeMutablePointer<Entry>
    /// Slots in use, and slots ever touched (those at and above it are fresh memory).
    private(set) var count = 0
    private var touched = 0
    private var free: [Int32] = []
    /// The newest and oldest entries, and the entry the eviction hand rests on; -1 for none.
    @usableFromInline private(set) var newest: Int32 = -1
    private var oldest: Int32 = -1
    private var hand: Int32 = -1

    init(capacity: Int) {
        self.capacity = max(1, min(capacity, Int(Int32.max) - 1))
        memory = PageMemory(byteCount: self.capacity * MemoryLayout<Entry>.stride)
        slots = memory.base.bindMemory(to: Entry.self, capacity: self.capacity)
    }

    @inlinable deinit {
        var slot = newest
        while slot >= 0 {
            let older = slots[Int(slot)].older
            (slots + Int(slot)).deinitialize(count: 1)
            slot = older
        }
    }

    var isFull: Bool { count == capacity }

    /// Marks a hit; writes only when the bit is not set yet (a hot entry's line stays clean).
    @inlinable
    func markVisited(_ slot: Int32) {
        if slots[Int(slot)].bytesAndVisited & 1 == 0 { slots[Int(slot)].bytesAndVisited |= 1 }
    }

    /// Stores a new, unvisited entry as the newest; returns its slot. The slab must not be full.
    mutating func insert(key: String, value: Value, bytes: Int, expiresAt: Instant) -> Int32 {
        precondition(count < capacity, "SieveEntries: the slab is full")
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
        } else {
            slot = Int32(touched)
            touched += 1
        }
        (slots + Int(slot)).initialize(
            to: Entry(key: key, value: value, expiresAt: expiresAt, bytesAndVisited: bytes << 1, newer: -1, older: newest))
        if newest >= 0 { slots[Int(newest)].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
        count += 1
        return slot
    }

    /// Removes the entry in `slot`; returns the bytes it was charged.
    @discardableResult
    mutating func remove(_ slot: Int32) -> Int {
        let newer = slots[Int(slot)].newer, older = slots[Int(slot)].older, bytes = slots[Int(slot)].bytes
        if hand == slot { hand = newer }
        if newer >= 0 { slots[Int(newer)].older = older } else { newest = older }
        if older >= 0 { slots[Int(older)].newer = newer } else { oldest = newer }
        (slots + Int(slot)).deinitialize(count: 1)
        free.append(slot)
        count -= 1
        return bytes
    }

    /// The entry SIEVE evicts next (the slab must not be empty): the hand clears visited bits
    /// on its way and rests after the returned entry.
    mutating func nextVictim() -> Int32 {
        precondition(count > 0, "SieveEntries: nothing to evict")
        var slot = hand >= 0 ? hand : oldest
        while slots[Int(slot)].visited {
            slots[Int(slot)].bytesAndVisited &= ~1
            slot = slots[Int(slot)].newer
            if slot < 0 { slot = oldest }
        }
        hand = slots[Int(slot)].newer
        return slot
    }

    /// Every entry's slot, newest first.
    func allSlots() -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        var slot = newest
        while slot >= 0 {
            result.append(slot)
            slot = slots[Int(slot)].older
        }
        return result
    }
}
