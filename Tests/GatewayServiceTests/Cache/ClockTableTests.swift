import Testing

@testable import GatewayService

struct ClockTableTests {
    /// Hashes from a small range: long probe runs that wrap around the table's end, removals in
    /// their middle, many keys with one tag.
    static func collidingHash(_ key: String) -> Int {
        let number = Int(key.dropFirst())!
        return (number % 7) << 56 | (number % 5) * 0x3000_0000 | 0xFFFF_FFF0 * (number % 2)
    }

    /// Random inserts, removals, hits and evictions, the table growing from 16 slots: it agrees
    /// with a dictionary at every step (each key findable with its value and charge, nothing
    /// else), with colliding hashes and with `String.hashValue`.
    @Test(arguments: [true, false]) func agreesWithADictionaryUnderChurn(colliding: Bool) {
        let hashOf: @Sendable (String) -> Int
        if colliding { hashOf = Self.collidingHash } else { hashOf = { $0.hashValue } }
        var table = ClockTable<Int, Int>(maxCount: 3_000, hashOf: hashOf)
        var reference: [String: Int] = [:]
        var random = SplitMix64(seed: colliding ? 11 : 12)
        var nextKey = 0
        for step in 0..<20_000 {
            let choice = random.next(below: 100)
            if reference.isEmpty || (choice < 45 && !table.isFull) {
                let key = "k\(nextKey)"
                table.insert(key: key, hash: hashOf(key), value: nextKey, bytes: nextKey % 13, expiresAt: step)
                reference[key] = nextKey
                nextKey += 1
            } else if choice < 65 {
                let key = reference.keys.randomElement(using: &random)!
                table.markVisited(table.find(key, hash: hashOf(key))!)
            } else if choice < 85 {
                let key = reference.keys.randomElement(using: &random)!
                #expect(table.remove(at: table.find(key, hash: hashOf(key))!) == reference[key]! % 13)
                reference.removeValue(forKey: key)
            } else {
                let victim = table.nextVictim()
                let key = table.entries[victim].key
                #expect(table.remove(at: victim) == reference[key]! % 13)
                reference.removeValue(forKey: key)
            }
            if step % 101 == 0 {
                for (key, value) in reference {
                    let slot = table.find(key, hash: hashOf(key))
                    #expect(slot.map { table.entries[$0].value } == value, "step \(step): \(key) lost")
                }
                #expect(table.find("k\(nextKey)", hash: hashOf("k\(nextKey)")) == nil)
                #expect(table.count == reference.count)
                #expect(Set(table.storedSlots.map(\.key)) == Set(reference.keys))
            }
        }
        #expect(table.size > 16, "the table grew")
    }

    /// CLOCK: a visited entry is passed over (its bit cleared) while an unvisited one remains, and
    /// the hand visits every slot in a round, so with no hits every entry goes within one round.
    /// Each key has a home of its own (no probe runs, so no removal moves another entry).
    @Test func theHandSparesVisitedEntriesAndReachesEveryEntry() {
        let finalSize = 590  // the size 500 entries grow the table to
        let hashOf: @Sendable (String) -> Int = { key in (Int(key.dropFirst())! << 32 + finalSize - 1) / finalSize }
        var table = ClockTable<Int, Int>(maxCount: 1_000, hashOf: hashOf)
        for number in 0..<500 { table.insert(key: "k\(number)", hash: hashOf("k\(number)"), value: number, bytes: 1, expiresAt: 0) }
        #expect(table.size == finalSize)
        #expect(table.storedSlots.allSatisfy { $0.slot == Int($0.key.dropFirst())! }, "every key at its home")
        let visited = (0..<500).filter { $0 % 3 != 0 }
        for number in visited { table.markVisited(table.find("k\(number)", hash: hashOf("k\(number)"))!) }
        var evicted: [Int] = []
        for _ in 0..<(500 - visited.count) {
            let victim = table.nextVictim()
            evicted.append(table.entries[victim].value)
            table.remove(at: victim)
        }
        #expect(Set(evicted) == Set((0..<500).filter { $0 % 3 == 0 }), "exactly the entries never hit")
        // The visited entries then go too, each once.
        for _ in 0..<visited.count {
            let victim = table.nextVictim()
            evicted.append(table.entries[victim].value)
            table.remove(at: victim)
        }
        #expect(Set(evicted).count == 500)
        #expect(table.count == 0)
    }

    /// The hand's stride visits every slot once per round, at every size the table grows to.
    @Test func theScatteringStrideVisitsEverySlot() {
        for size in [16, 20, 25, 31, 1_000, 155_718] {
            let stride = size.scatteringStride
            var seen = Set<Int>(), slot = 0
            for _ in 0..<size {
                seen.insert(slot)
                slot = (slot + stride) % size
            }
            #expect(seen.count == size, "size \(size), stride \(stride)")
        }
    }

    /// Homes keep the order of the hashes' low 32 bits at any size, and tags are never 0.
    @Test func homesAndTags() {
        typealias Table = ClockTable<Int, Int>
        #expect(Table.home(of: 0, size: 100) == 0)
        #expect(Table.home(of: 0xFFFF_FFFF, size: 100) == 99)
        #expect(Table.home(of: 0x8000_0000, size: 100) == 50)
        #expect(Table.tag(of: 0) == 1)
        #expect(Table.tag(of: -1) == 0xFF)
    }

    @Test func nextPowerOfTwo() {
        #expect([0, 1, 2, 3, 16, 17, 1_000].map(\.nextPowerOfTwo) == [1, 1, 2, 4, 16, 32, 1_024])
    }
}
