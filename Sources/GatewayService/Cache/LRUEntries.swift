/// Cache entries in slots of one array, linked most- to least-recently used by slot index.
///
/// An intrusive list over array indices: moving an entry to the front on a hit touches two
/// neighbours and allocates nothing, and a free list reuses the slots of removed entries.
@usableFromInline
struct LRUEntries<Value, Instant> {
    @usableFromInline
    struct Slot {
        @usableFromInline var key: String
        @usableFromInline var value: Value?
        @usableFromInline var bytes: Int
        @usableFromInline var expiresAt: Instant?
        @usableFromInline var newer: Int32
        @usableFromInline var older: Int32
    }

    @usableFromInline var slots: [Slot] = []
    @usableFromInline var free: [Int32] = []
    /// Most recently used slot, or -1.
    @usableFromInline var newest: Int32 = -1
    /// Least recently used slot, or -1.
    @usableFromInline var oldest: Int32 = -1

    @usableFromInline init() {}

    /// Stores an entry in a free slot at the front; returns its slot.
    mutating func insertAtFront(key: String, value: Value, bytes: Int, expiresAt: Instant) -> Int32 {
        let slot = Slot(key: key, value: value, bytes: bytes, expiresAt: expiresAt, newer: -1, older: newest)
        let index: Int32
        if let reused = free.popLast() {
            index = reused
            slots[Int(index)] = slot
        } else {
            index = Int32(slots.count)
            slots.append(slot)
        }
        if newest >= 0 { slots[Int(newest)].newer = index }
        newest = index
        if oldest < 0 { oldest = index }
        return index
    }

    /// Makes `index` the most recently used.
    @inlinable
    mutating func moveToFront(_ index: Int32) {
        guard index != newest else { return }
        unlink(index)
        slots[Int(index)].newer = -1
        slots[Int(index)].older = newest
        if newest >= 0 { slots[Int(newest)].newer = index }
        newest = index
        if oldest < 0 { oldest = index }
    }

    /// Unlinks and frees `index`; returns what it held.
    @usableFromInline @discardableResult
    mutating func remove(_ index: Int32) -> (key: String, bytes: Int) {
        unlink(index)
        let removed = (slots[Int(index)].key, slots[Int(index)].bytes)
        slots[Int(index)].value = nil
        slots[Int(index)].key = ""
        slots[Int(index)].expiresAt = nil
        free.append(index)
        return removed
    }

    @inlinable
    mutating func unlink(_ index: Int32) {
        let slot = slots[Int(index)]
        if slot.newer >= 0 { slots[Int(slot.newer)].older = slot.older } else { newest = slot.older }
        if slot.older >= 0 { slots[Int(slot.older)].newer = slot.newer } else { oldest = slot.newer }
    }
}
