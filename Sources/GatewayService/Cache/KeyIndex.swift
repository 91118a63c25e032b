/// An open-addressing hash index from a key's 32-bit hash to the slot of its entry.
///
/// Each index slot is one `UInt32`: the entry's slot + 1 in the low `entryBits` bits (0 marks an
/// empty index slot) and the top bits of the key's hash above them as a tag. A lookup probes
/// linearly from `hash & mask` and compares the tag before it reads an entry, so a probe past
/// another key rarely costs an access to that key's entry (1 in 2^tagBits). Sixteen slots share
/// a cache line: a million keys need an 8 MiB index, half of the `UInt64` slots (hash | slot)
/// it replaced.
///
/// The tag is not the whole hash, so removal and growth ask the caller for an entry's hash
/// (`hashOf`, which rehashes the entry's key): removal shifts the following probe run back (no
/// tombstones), so lookups never slow down with churn, and needs the home of each key it moves.
/// The table doubles when it is three quarters full and never shrinks.
@usableFromInline
struct KeyIndex: ~Copyable {
    private var memory: PageMemory
    /// The index slots, in `memory`.
    @usableFromInline private(set) var slots: UnsafeMutablePointer<UInt32>
    @usableFromInline private(set) var mask: Int
    /// The low bits of an index slot that hold entry slot + 1; the bits above are the tag.
    @usableFromInline let entryMask: UInt32
    private(set) var count = 0

    /// An index for entry slots `0..<entryCapacity` (below `Int32.max`), its slots on huge pages
    /// when `hugePages`.
    init(entryCapacity: Int, capacity: Int = 16, hugePages: Bool = false) {
        precondition(entryCapacity >= 1 && entryCapacity < Int(Int32.max), "KeyIndex: entry capacity out of range")
        let entryBits = Int.bitWidth - entryCapacity.leadingZeroBitCount
        entryMask = UInt32(truncatingIfNeeded: (1 << entryBits) - 1)
        let size = max(16, capacity.nextPowerOfTwo)
        memory = PageMemory(byteCount: size * MemoryLayout<UInt32>.stride, hugePages: hugePages)
        slots = memory.base.bindMemory(to: UInt32.self, capacity: size)
        mask = size - 1
    }

    /// The entry slot of the first key with `hash` for which `matches` holds, or nil.
    @inlinable
    func find(hash: UInt32, matches: (Int32) -> Bool) -> Int32? {
        let slots = self.slots, entryMask = self.entryMask
        let tag = hash & ~entryMask
        var position = Int(hash) & mask
        while true {
            let slot = slots[position]
            if slot == 0 { return nil }
            if slot & ~entryMask == tag {
                let entry = entry(in: slot)
                if matches(entry) { return entry }
            }
            position = (position + 1) & mask
        }
    }

    /// Adds `entry` under `hash`; the entry must not be in the index already. `hashOf` gives the
    /// hash of any indexed entry (used when the table grows).
    mutating func insert(hash: UInt32, entry: Int32, hashOf: (Int32) -> UInt32) {
        if (count + 1) * 4 > (mask + 1) * 3 { grow(hashOf: hashOf) }
        Self.place(stored(hash: hash, entry: entry), home: Int(hash) & mask, in: slots, mask: mask)
        count += 1
    }

    /// Removes `entry`, stored under `hash`. `hashOf` gives the hash of any indexed entry.
    mutating func remove(hash: UInt32, entry: Int32, hashOf: (Int32) -> UInt32) {
        let slots = self.slots, mask = self.mask
        let wanted = stored(hash: hash, entry: entry)
        var hole = Int(hash) & mask
        while slots[hole] != wanted {
            precondition(slots[hole] != 0, "KeyIndex: removing an entry that is not indexed")
            hole = (hole + 1) & mask
        }
        // Backward shift: move each later slot of the run whose home is not in (hole, position]
        // into the hole, so that every key stays reachable from its home without gaps.
        var position = (hole + 1) & mask
        while slots[position] != 0 {
            let home = Int(hashOf(self.entry(in: slots[position]))) & mask
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

    private func stored(hash: UInt32, entry: Int32) -> UInt32 {
        hash & ~entryMask | UInt32(entry + 1)
    }

    /// The entry slot an occupied index slot holds.
    @inlinable
    func entry(in slot: UInt32) -> Int32 { Int32(bitPattern: slot & entryMask) - 1 }

    private static func place(_ slot: UInt32, home: Int, in slots: UnsafeMutablePointer<UInt32>, mask: Int) {
        var position = home
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = slot
    }

    private mutating func grow(hashOf: (Int32) -> UInt32) {
        let oldSlots = slots, oldSize = mask + 1
        let newSize = oldSize * 2
        let newMemory = PageMemory(byteCount: newSize * MemoryLayout<UInt32>.stride, hugePages: memory.hugePages)
        let newSlots = newMemory.base.bindMemory(to: UInt32.self, capacity: newSize)
        for position in 0..<oldSize where oldSlots[position] != 0 {
            let home = Int(hashOf(entry(in: oldSlots[position]))) & (newSize - 1)
            Self.place(oldSlots[position], home: home, in: newSlots, mask: newSize - 1)
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
