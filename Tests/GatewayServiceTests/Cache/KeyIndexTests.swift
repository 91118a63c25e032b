import Testing

@testable import GatewayService

struct KeyIndexTests {
    /// Random inserts and removals with hashes from a small range (long probe runs that wrap
    /// around the table's end, removals in their middle, many keys of one tag) agree with a
    /// dictionary at every step.
    @Test func agreesWithADictionaryUnderChurn() {
        var index = KeyIndex(entryCapacity: 20_000)
        var reference: [Int32: UInt32] = [:]
        var random = SplitMix64(seed: 11)
        var nextEntry: Int32 = 0
        for step in 0..<20_000 {
            if reference.isEmpty || random.next(below: 100) < 55 {
                let hash = UInt32(random.next(below: 64)) &* 0x0100_0000 | UInt32(random.next(below: 4))
                index.insert(hash: hash, entry: nextEntry) { reference[$0]! }
                reference[nextEntry] = hash
                nextEntry += 1
            } else {
                let (entry, hash) = reference.randomElement(using: &random)!
                index.remove(hash: hash, entry: entry) { reference[$0]! }
                reference.removeValue(forKey: entry)
            }
            if step % 97 == 0 {
                for (entry, hash) in reference {
                    #expect(index.find(hash: hash) { $0 == entry } == entry, "step \(step): entry \(entry) lost")
                }
                #expect(index.find(hash: 0xFFFF_FFFF) { _ in true } == nil)
                #expect(index.count == reference.count)
            }
        }
    }

    /// Two keys whose hashes differ only below the tag share a home and a tag: the entry check,
    /// not the index, tells them apart.
    @Test func keysOfOneTagAreToldApartByTheEntry() {
        var index = KeyIndex(entryCapacity: 1_000)
        let hashes: [Int32: UInt32] = [0: 0xABCD_0005, 1: 0xABCD_0015]
        index.insert(hash: hashes[0]!, entry: 0) { hashes[$0]! }
        index.insert(hash: hashes[1]!, entry: 1) { hashes[$0]! }
        #expect(index.find(hash: hashes[1]!) { $0 == 1 } == 1)
        #expect(index.find(hash: hashes[0]!) { $0 == 0 } == 0)
        index.remove(hash: hashes[0]!, entry: 0) { hashes[$0]! }
        #expect(index.find(hash: hashes[0]!) { $0 == 0 } == nil)
        #expect(index.find(hash: hashes[1]!) { $0 == 1 } == 1)
    }

    @Test func nextPowerOfTwo() {
        #expect([0, 1, 2, 3, 16, 17, 1_000].map(\.nextPowerOfTwo) == [1, 1, 2, 4, 16, 32, 1_024])
    }
}
