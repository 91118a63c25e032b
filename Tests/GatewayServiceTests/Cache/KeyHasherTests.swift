import Testing

@testable import GatewayService

struct KeyHasherTests {
    /// Hashes from wyhash's reference (wyhash.h, final version 4.3, built with `-DWYHASH_CONDOM=2`,
    /// `wyhash(key, strlen(key), seed, _wyp)`): every length branch (0, 1–3, 4–16, 17–47, 48 and
    /// more bytes) and a key of non-ASCII UTF-8.
    static let reference: [(seed: UInt64, key: String, hash: UInt64)] = [
        (0, "", 0x4c91b2fdb699ff5f),
        (0, "a", 0x7d3b79c6c5fa7e18),
        (0, "ab", 0x6c3b2268feed930c),
        (0, "abc", 0xc98b914cd4bea7b8),
        (0, "abcd", 0xa84827f35e0e7896),
        (0, "w12345", 0x4f5985bd9df38acc),
        (0, "w1234567", 0x12c389bda276a852),
        (0, "tools:user:1", 0x73a4621dee3965da),
        (0, "0123456789abcdef", 0x0a4d0726cf8b220e),
        (0, "0123456789abcdefg", 0xd948f1fe30a96907),
        (0, "tools:user:123456789/teams", 0xfa7003e3821d0edf),
        (0, "The quick brown fox jumps over the lazy dog, twice over: 48+", 0x08df37dd018f175a),
        (0, "The quick brown fox jumps over the lazy dog; the quick brown fox jumps over the lazy dog again and again.", 0x17e04f8bd2cea60d),
        (0, "héllo wörld", 0x626945ad1b61d217),
        (42, "", 0xc7783adbd39ed072),
        (42, "a", 0xcb92abaf0a660bc1),
        (42, "ab", 0xd47e24a272f5359e),
        (42, "abc", 0xacef8b1530153798),
        (42, "abcd", 0x9b1d3842780a9ff6),
        (42, "w12345", 0x7a104a248edf34af),
        (42, "w1234567", 0xc64aa9750dd829c9),
        (42, "tools:user:1", 0x09a858c6390d720c),
        (42, "0123456789abcdef", 0x2ffb7bc7a41febd8),
        (42, "0123456789abcdefg", 0xeab6e4512b6307e3),
        (42, "tools:user:123456789/teams", 0x70b7dee151dfb715),
        (42, "The quick brown fox jumps over the lazy dog, twice over: 48+", 0x23af76d99df0808c),
        (42, "The quick brown fox jumps over the lazy dog; the quick brown fox jumps over the lazy dog again and again.", 0x51b366f1f2dcc228),
        (42, "héllo wörld", 0x12dcf89bf2f5f33c),
        (16045690984503098046, "", 0x9b99237def797fce),
        (16045690984503098046, "a", 0x20007821401cd42f),
        (16045690984503098046, "ab", 0xe297c88e093ac7b4),
        (16045690984503098046, "abc", 0xd20eb33881c20c30),
        (16045690984503098046, "abcd", 0xb95141dcb4a35f57),
        (16045690984503098046, "w12345", 0x372a80cbe203c3df),
        (16045690984503098046, "w1234567", 0x2ded10cf0d1d684d),
        (16045690984503098046, "tools:user:1", 0x4508e2d8429ff47a),
        (16045690984503098046, "0123456789abcdef", 0xeeb4edfcc3e57fb5),
        (16045690984503098046, "0123456789abcdefg", 0x8761365b20f9ad29),
        (16045690984503098046, "tools:user:123456789/teams", 0x2c8184e4e21f1723),
        (16045690984503098046, "The quick brown fox jumps over the lazy dog, twice over: 48+", 0x50a0b7f68e02ea30),
        (16045690984503098046, "The quick brown fox jumps over the lazy dog; the quick brown fox jumps over the lazy dog again and again.", 0x94a2e448e3a8d93d),
        (16045690984503098046, "héllo wörld", 0x3c6df1aa5beaa0f0),
    ]

    @Test func agreesWithTheReference() {
        for (seed, key, hash) in Self.reference {
            #expect(UInt64(bitPattern: Int64(KeyHasher(seed: seed).hash(key))) == hash, "seed \(seed), key \"\(key)\"")
        }
    }

    /// A key that is a substring of a larger string (not contiguous on its own in every case) or
    /// built from parts hashes as the same characters written out.
    @Test func aKeyHashesByItsCharactersWhateverItsStorage() {
        let hasher = KeyHasher(seed: 7)
        let long = "tools:user:123456789/teams and more text"
        let built = "tools:user:" + String(123_456_789) + "/teams"
        #expect(hasher.hash(String(long.prefix(26))) == hasher.hash(built))
        #expect(hasher.hash(Substring(long.prefix(26)).description) == hasher.hash("tools:user:123456789/teams"))
    }

    /// Another seed gives other hashes: the homes an attacker could aim keys at change per cache.
    @Test func theSeedChangesEveryHash() {
        let first = KeyHasher(seed: 1), second = KeyHasher(seed: 2)
        let keys = (0..<1_000).map { "tools:user:\($0)" }
        #expect(keys.filter { first.hash($0) == second.hash($0) }.isEmpty)
    }

    /// The cache takes the shard from bits 32 and up, the home from the low 32 and the tag from
    /// the top 8: over 200,000 keys of the gateway's shape, each of those is spread as evenly as
    /// uniform random draws would be (Pearson's χ² below its degrees of freedom + 6 standard
    /// deviations; a hash of the digits alone, or one that leaves these bits constant, is far above).
    @Test func shardsHomesAndTagsAreEven() {
        let hasher = KeyHasher(seed: 99)
        let keyCount = 200_000
        var shards = [Int](repeating: 0, count: 64), homes = [Int](repeating: 0, count: 64)
        var tags = [Int](repeating: 0, count: 256)
        for number in 0..<keyCount {
            let hash = hasher.hash("tools:user:\(number)")
            shards[Int(truncatingIfNeeded: UInt64(UInt(bitPattern: hash)) >> 32) & 63] += 1
            homes[ClockTable<Int, Int>.home(of: hash, size: 64)] += 1
            tags[Int(UInt(bitPattern: hash) >> 56)] += 1
        }
        for (name, counts) in [("shard", shards), ("home", homes), ("tag", tags)] {
            let expected = Double(keyCount) / Double(counts.count)
            let chiSquare = counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
            let degrees = Double(counts.count - 1)
            #expect(chiSquare < degrees + 6 * (2 * degrees).squareRoot(), "\(name): χ² \(chiSquare) over \(degrees) degrees")
        }
    }

    /// 16-byte keys whose bytes 0–3 and 8–11 make wyhash's first operand equal to its public
    /// `secret1` zero that operand of the last multiplication. Without the "condom" variant, the
    /// product would then be 0 and all 2⁶⁴ such keys would hash alike whatever the seed; here
    /// they hash by their other bytes and by the seed.
    @Test func keysThatZeroAnOperandStillHashByTheirOtherBytesAndTheSeed() {
        let secret1 = KeyHasher.secret.1
        func key(middle: UInt32) -> [UInt8] {
            func bytes(_ word: UInt32) -> [UInt8] { withUnsafeBytes(of: word.littleEndian) { Array($0) } }
            let high = UInt32(truncatingIfNeeded: secret1 >> 32), low = UInt32(truncatingIfNeeded: secret1)
            return bytes(high) + bytes(middle) + bytes(low) + bytes(0x1234_5678)
        }
        let hasher = KeyHasher(seed: 3), other = KeyHasher(seed: 4)
        let hashes = (0..<1_000 as Range<UInt32>).map { middle in key(middle: middle).withUnsafeBytes { hasher.hash($0) } }
        #expect(Set(hashes).count == hashes.count)
        #expect(key(middle: 0).withUnsafeBytes { hasher.hash($0) != other.hash($0) })
    }
}
