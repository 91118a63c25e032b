import Testing

@testable import GatewayService

struct SieveEntriesTests {
    /// SIEVE as the paper states it, on an array from oldest to newest with the hand as an
    /// array position: an implementation of its own to check the linked slab against.
    struct ArraySieve {
        var queue: [(key: Int, visited: Bool)] = []
        var hand: Int?

        mutating func insert(_ key: Int) { queue.append((key, false)) }

        mutating func hit(_ key: Int) { queue[queue.firstIndex { $0.key == key }!].visited = true }

        mutating func remove(_ key: Int) {
            let position = queue.firstIndex { $0.key == key }!
            queue.remove(at: position)
            if let hand, hand > position { self.hand = hand - 1 } else if hand == position, position == queue.count { hand = nil }
        }

        mutating func evict() -> Int {
            var position = hand ?? 0
            while queue[position].visited {
                queue[position].visited = false
                position = position + 1 == queue.count ? 0 : position + 1
            }
            let key = queue.remove(at: position).key
            hand = position == queue.count ? nil : position
            return key
        }
    }

    /// Random inserts, hits, removals and evictions: the slab evicts exactly what the reference
    /// does, and its entries keep their values and byte counts.
    @Test func evictsWhatTheReferenceEvicts() {
        var entries = SieveEntries<Int, Int>(capacity: 64)
        var reference = ArraySieve()
        var slotOf: [Int: Int32] = [:]
        var random = SplitMix64(seed: 3)
        var nextKey = 0
        for step in 0..<30_000 {
            let choice = random.next(below: 100)
            if entries.count < 2 || (choice < 40 && !entries.isFull) {
                slotOf[nextKey] = entries.insert(key: "k\(nextKey)", value: nextKey, bytes: nextKey % 7, expiresAt: step)
                reference.insert(nextKey)
                nextKey += 1
            } else if choice < 70 {
                let key = slotOf.keys.randomElement(using: &random)!
                entries.markVisited(slotOf[key]!)
                reference.hit(key)
            } else if choice < 80 {
                let key = slotOf.keys.randomElement(using: &random)!
                #expect(entries.remove(slotOf.removeValue(forKey: key)!) == key % 7)
                reference.remove(key)
            } else {
                let victim = entries.nextVictim()
                let expected = reference.evict()
                #expect(entries.slots[Int(victim)].value == expected, "step \(step)")
                #expect(entries.slots[Int(victim)].key == "k\(expected)")
                entries.remove(victim)
                slotOf.removeValue(forKey: expected)
            }
            #expect(entries.count == reference.queue.count)
        }
        #expect(entries.allSlots().map { entries.slots[Int($0)].value } == reference.queue.map(\.key).reversed())
    }
}
