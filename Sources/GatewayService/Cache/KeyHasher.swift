/// The hash the cache places and tags its keys by: wyhash (final version 4.3, Wang Yi's public
/// domain design, built with `WYHASH_CONDOM=2`) over the key's UTF-8 bytes, seeded at random per cache.
///
/// Why not `String.hashValue`: that is SipHash-1-3 through `Hasher` (three calls and a
/// finalization of three rounds per key); with this hash `get_or_set_hit` went from 71–77 to
/// 58 ns (docs/l1-cache.md). wyhash reads a short key in two overlapping loads and mixes it with
/// two 64×64→128-bit multiplications. Keys come from
/// requests, so the seed is random per cache (an attacker cannot aim keys at one home slot without
/// it), and the "condom" variant keeps a multiplication by zero from erasing the other operand
/// (in the default build, a key whose first word equals a public constant hashes the same
/// whatever the rest and the seed).
@usableFromInline
struct KeyHasher: Sendable {
    /// wyhash's default secret (`_wyp`).
    @usableFromInline static let secret: (UInt64, UInt64, UInt64, UInt64) = (
        0x2d35_8dcc_aa6c_78a5, 0x8bb8_4b93_962e_acc9, 0x4b33_a62e_d433_d4a3, 0x4d5a_2da5_1de1_aa47
    )
    /// The seed after wyhash's first step (`seed ^= mix(seed ^ secret0, secret1)`), done once here.
    @usableFromInline let mixedSeed: UInt64

    /// A hasher seeded with `seed`: the same seed gives the same hashes (tests); the cache passes a random one.
    init(seed: UInt64) {
        mixedSeed = seed ^ Self.mix(seed ^ Self.secret.0, Self.secret.1)
    }

    /// The 128-bit product of `a` and `b`, each half xored into the operand it replaces (`_wymum`
    /// with `WYHASH_CONDOM=2`).
    @inlinable @inline(__always)
    static func multiply(_ a: inout UInt64, _ b: inout UInt64) {
        let product = a.multipliedFullWidth(by: b)
        a ^= product.low
        b ^= product.high
    }

    /// `_wymix`: both halves of the product, xored.
    @inlinable @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a, b = b
        multiply(&a, &b)
        return a ^ b
    }

    /// The hash of `key`'s UTF-8 bytes.
    @inlinable @inline(__always)
    func hash(_ key: String) -> Int {
        if let hash = key.utf8.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return hash }
        var copy = key
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// wyhash of `bytes` (`wyhash(p, len, seed, _wyp)`, line by line).
    @inlinable @inline(__always)
    func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        let secret = Self.secret
        let count = bytes.count
        var seed = mixedSeed
        var a: UInt64, b: UInt64
        func word(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        func half(_ offset: Int) -> UInt64 {
            UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        if count <= 16 {
            if count >= 4 {
                let step = (count >> 3) << 2
                a = half(0) << 32 | half(step)
                b = half(count - 4) << 32 | half(count - 4 - step)
            } else if count > 0 {
                a = UInt64(bytes[0]) << 16 | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1])
                b = 0
            } else {
                a = 0
                b = 0
            }
        } else {
            var rest = count, offset = 0
            if rest >= 48 {
                var seed1 = seed, seed2 = seed
                repeat {
                    seed = Self.mix(word(offset) ^ secret.1, word(offset + 8) ^ seed)
                    seed1 = Self.mix(word(offset + 16) ^ secret.2, word(offset + 24) ^ seed1)
                    seed2 = Self.mix(word(offset + 32) ^ secret.3, word(offset + 40) ^ seed2)
                    offset += 48
                    rest -= 48
                } while rest >= 48
                seed ^= seed1 ^ seed2
            }
            while rest > 16 {
                seed = Self.mix(word(offset) ^ secret.1, word(offset + 8) ^ seed)
                offset += 16
                rest -= 16
            }
            a = word(offset + rest - 16)
            b = word(offset + rest - 8)
        }
        a ^= secret.1
        b ^= seed
        Self.multiply(&a, &b)
        return Int(truncatingIfNeeded: Self.mix(a ^ secret.0 ^ UInt64(count), b ^ secret.1))
    }
}
