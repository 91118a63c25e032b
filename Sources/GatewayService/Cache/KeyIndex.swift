/// An open-addressing hash index from a key's 32-bit hash to the slot of its entry.
///
/// Each index slot is one `UInt64`: the key's hash in the high half, the entry's slot + 1 in the
/// low half (0 marks an empty index slot). A lookup probes linearly from `hash & mask` and
/// compares the stored hash before it looks at an entry, so a probe past another key costs no
/// access to that key's entry; eight slots share a cache line. Removal shifts the following
/// probe run back (no tombstones), so lookups never slow down with churn. The table doubles
/// when it is three quarters full and never shrinks.
@usableFromInline
struct KeyIndex: ~Copyable {
    private var memory: PageMemory
    /// The index slots, in `memory`.
    @usableFromInline private(set) var slots: UnsafeMutablePointer<UInt64>
    @usableFromInline private(set) var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        let size = max(16, capacity.nextPowerOfTwo)
        memory = PageMemory(byteCount: size * MemoryLayout<UInt64>.stride)
        slots = memory.base.bindMemory(to: UInt64.self, capacity: size)
        mask = size - 1
    }

    /// The entry slot of the first key with `hash` for which `matches` holds, or nil.
    @inlinable
    func find(hash: UInt32, matches: (Int32) -> Bool) -> Int32? {
        let slots = self.slots
        var position = Int(hash) & mask
        while true {
            let slot = slots[position]
            if slot == 0 { return nil }
            if UInt32(truncatingIfNeeded: slot >> 32) == hash {
                let entry = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if matches(entry) { return entry }
            }
            position = (position + 1) & mask
        }
    }

    /// Adds `entry` under `hash`; the key must not be in the index already.
    mutating func insert(hash: UInt32, entry: Int32) {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        Self.place(UInt64(hash) << 32 | UInt64(entry + 1), in: slots, mask: mask)
        count += 1
    }

    /// Removes `entry`, stored under `hash`.
    mutating func remove(hash: UInt32, entry: Int32) {
        let slots = self.slots
        let wanted = UInt64(hash) << 32 | UInt64(entry + 1)
        var hole = Int(hash) & mask
        while slots[hole] != wanted {
            precondition(slots[hole] != 0, "KeyIndex: removing an entry that is not indexed")
            hole = (hole + 1) & mask
        }
        // Backward shift: move each later slot of the run whose home is not in (hole, position]
        // into the hole, so that every key stays reachable from its home without gaps.
        var position = (hole + 1) & mask
        while slots[position] != 0 {
            let home = Int(UInt32(truncatingIfNeeded: slots[position] >> 32)) & mask
            let stays = hole <= position ? (home > hole && home <= position) : (home > hole || home <= position)
            if !stays {
                slots[hole] = slots[position]
                hole = position
            }
            position = (position + 1) & mask
        }
        slots[hole] = 0
        count -= 1
    }

    private static func place(_ slot: UInt64, in slots: UnsafeMutablePointer<UInt64>, mask: Int) {
        var position = Int(UInt32(truncatingIfNeeded: slot >> 32)) & mask
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = slot
    }

    private mutating func grow() {
        let oldSlots = slots, oldSize = mask + 1
        let newSize = oldSize * 2
        let newMemory = PageMemory(byteCount: newSize * MemoryLayout<UInt64>.stride)
        let newSlots = newMemory.base.bindMemory(to: UInt64.self, capacity: newSize)
        for position in 0..<oldSize where oldSlots[position] != 0 {
            Self.place(oldSlots[position], in: newSlots, mask: newSize - 1)
        }
        memory = newMemory
        slots = newSlots
        mask = newSize - 1
    }
}

extension Int {
    /// The least power of two not below `self` (1 for `self` ≤ 1).
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
