/// The cache's entries in one slab, kept in SIEVE order for eviction.
///
/// SIEVE (Zhang et al., NSDI 2024): entries form a queue from the newest to the oldest; a hit
/// only sets the entry's `visited` bit, so a hit moves nothing and touches no other entry (a
/// strict LRU list relinks three entries on every hit). To evict, a hand walks from where it
/// last stopped towards newer entries, wrapping from the newest back to the oldest: it clears
/// the bit of each visited entry and stops at the first unvisited one, which goes. Survivors
/// keep their place, so a new entry that is never hit again is reached sooner than under CLOCK.
///
/// Three arrays addressed by slot number, each reserved once for `capacity` slots (`PageMemory`:
/// committed only as touched):
/// - the entries (key, value, expiry, queue links as slot numbers): 40 bytes for a `String` key,
///   an 8-byte value and an 8-byte instant, all a hit reads;
/// - the bytes each entry is charged, as `UInt32` (read only when an entry goes);
/// - the `visited` bits, one per slot: a hit writes this bitmap (128 KiB for a million entries,
///   which stays in cache) and never the entry's line.
/// The last two share a mapping. Keeping the charge and the bit out of the entry took it from 48
/// to 40 bytes. Removed slots are reused before new ones are touched.
@usableFromInline
struct SieveEntries<Value, Instant>: ~Copyable {
    @usableFromInline
    struct Entry {
        @usableFromInline var key: String
        @usableFromInline var value: Value
        @usableFromInline var expiresAt: Instant
        /// The next newer and older entries, or -1.
        @usableFromInline var newer: Int32
        @usableFromInline var older: Int32
    }

    /// The largest charge an entry can carry.
    static var largestCharge: Int { Int(UInt32.max) }

    /// Bytes of the slab per entry slot: the entry and its charge (its `visited` bit adds 1/8).
    static var bytesPerSlot: Int { MemoryLayout<Entry>.stride + MemoryLayout<UInt32>.stride }

    /// The most entries the slab holds.
    let capacity: Int
    private let entryMemory: PageMemory
    private let sidebandMemory: PageMemory
    @usableFromInline let slots: UnsafeMutablePointer<Entry>
    private let charges: UnsafeMutablePointer<UInt32>
    @usableFromInline let visitedBits: UnsafeMutablePointer<UInt64>
    /// Slots in use, and slots ever touched (those at and above it are fresh memory).
    private(set) var count = 0
    private var touched = 0
    private var free: [Int32] = []
    /// The newest and oldest entries, and the entry the eviction hand rests on; -1 for none.
    @usableFromInline private(set) var newest: Int32 = -1
    private var oldest: Int32 = -1
    private var hand: Int32 = -1

    /// A slab of `capacity` slots, on huge pages when `hugePages`.
    init(capacity: Int, hugePages: Bool = false) {
        self.capacity = max(1, min(capacity, Int(Int32.max) - 1))
        entryMemory = PageMemory(byteCount: self.capacity * MemoryLayout<Entry>.stride, hugePages: hugePages)
        slots = entryMemory.base.bindMemory(to: Entry.self, capacity: self.capacity)
        let words = (self.capacity + 63) / 64
        let visitedOffset = (self.capacity * MemoryLayout<UInt32>.stride + 63) / 64 * 64
        sidebandMemory = PageMemory(byteCount: visitedOffset + words * MemoryLayout<UInt64>.stride, hugePages: hugePages)
        charges = sidebandMemory.base.bindMemory(to: UInt32.self, capacity: self.capacity)
        visitedBits = (sidebandMemory.base + visitedOffset).bindMemory(to: UInt64.self, capacity: words)
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

    /// The word of `visitedBits` that holds `slot`'s bit, and the bit.
    @inlinable
    static func visitedBit(of slot: Int32) -> (word: Int, mask: UInt64) {
        (Int(slot) >> 6, UInt64(1) << UInt64(slot & 63))
    }

    /// Marks a hit; writes only when the bit is not set yet.
    @inlinable
    func markVisited(_ slot: Int32) {
        let (word, mask) = Self.visitedBit(of: slot)
        if visitedBits[word] & mask == 0 { visitedBits[word] |= mask }
    }

    /// Whether the entry in `slot` was hit since it was stored or the hand last passed it.
    func isVisited(_ slot: Int32) -> Bool {
        let (word, mask) = Self.visitedBit(of: slot)
        return visitedBits[word] & mask != 0
    }

    private func clearVisited(_ slot: Int32) {
        let (word, mask) = Self.visitedBit(of: slot)
        visitedBits[word] &= ~mask
    }

    /// Stores a new, unvisited entry as the newest; returns its slot. The slab must not be full
    /// and `bytes` must not exceed `largestCharge`.
    mutating func insert(key: String, value: Value, bytes: Int, expiresAt: Instant) -> Int32 {
        precondition(count < capacity, "SieveEntries: the slab is full")
        precondition(bytes >= 0 && bytes <= Self.largestCharge, "SieveEntries: a charge out of range")
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
        } else {
            slot = Int32(touched)
            touched += 1
        }
        (slots + Int(slot)).initialize(to: Entry(key: key, value: value, expiresAt: expiresAt, newer: -1, older: newest))
        charges[Int(slot)] = UInt32(bytes)
        clearVisited(slot)
        if newest >= 0 { slots[Int(newest)].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
        count += 1
        return slot
    }

    /// Removes the entry in `slot`; returns the bytes it was charged.
    @discardableResult
    mutating func remove(_ slot: Int32) -> Int {
        let newer = slots[Int(slot)].newer, older = slots[Int(slot)].older
        if hand == slot { hand = newer }
        if newer >= 0 { slots[Int(newer)].older = older } else { newest = older }
        if older >= 0 { slots[Int(older)].newer = newer } else { oldest = newer }
        (slots + Int(slot)).deinitialize(count: 1)
        free.append(slot)
        count -= 1
        return Int(charges[Int(slot)])
    }

    /// The entry SIEVE evicts next (the slab must not be empty): the hand clears visited bits
    /// on its way and rests after the returned entry.
    mutating func nextVictim() -> Int32 {
        precondition(count > 0, "SieveEntries: nothing to evict")
        var slot = hand >= 0 ? hand : oldest
        while isVisited(slot) {
            clearVisited(slot)
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
