#if canImport(Glibc)
import Glibc
#endif

/// A forward-only JSON tokenizer over UTF-8 bytes: reads strings (unescaping them), skips any value
/// while checking it is well-formed, and returns the raw bytes of what it skipped.
struct JSONScanner {
    typealias Failure = CatalogPayload.MalformedPayload

    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        // Most tokens follow another without whitespace: one comparison decides.
        if offset < bytes.count, bytes[offset] > 0x20 { return }
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed.
    @inline(__always)
    mutating func peek() throws(Failure) -> UInt8 {
        skipWhitespace()
        guard offset < bytes.count else { throw Failure(offset: offset, reason: "unexpected end") }
        return bytes[offset]
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(Failure) {
        guard try peek() == byte else {
            throw Failure(offset: offset, reason: "expected '\(Character(Unicode.Scalar(byte)))'")
        }
        offset += 1
    }

    @inline(__always)
    mutating func consumeIf(_ byte: UInt8) throws(Failure) -> Bool {
        guard try peek() == byte else { return false }
        offset += 1
        return true
    }

    mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        guard offset == bytes.count else { throw Failure(offset: offset, reason: "trailing characters") }
    }

    /// The index of the first byte at or after `from` that is a quote, a backslash or a control
    /// character, or `bytes.count`. Strings are most of a catalogue's bytes: the byte-at-a-time
    /// loop was a third of federation's CPU time, eight bytes per step then a byte loop to find
    /// the exact byte still 17 % (measured). Now sixteen bytes per step (SSE2 compares through
    /// `SIMD16`) while nothing special is in sight, then eight-byte words whose lowest flagged
    /// byte is the answer, so a short string costs one or two steps.
    @inline(__always)
    private func nextSpecialByte(from: Int) -> Int {
        var index = from
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C)
            let space = SIMD16<UInt8>(repeating: 0x20)
            while index + 16 <= bytes.count {
                let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                if any((chunk .== quote) .| (chunk .== backslash) .| (chunk .< space)) { break }
                index += 16
            }
            while index + 8 <= bytes.count {
                let flagged = Self.specialBytes(in: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if flagged != 0 { return index + flagged.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    /// The high bit of each byte of `word` (little-endian) that may be a quote, a backslash or a
    /// control character. The lowest flagged byte always is one; bytes above it may be flagged
    /// falsely (a borrow), which is why only the lowest is used.
    @inline(__always)
    private static func specialBytes(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        return ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word) & highs
    }

    /// A string value, unescaped.
    mutating func readString() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        let start = offset
        var hasEscapes = false
        while offset < bytes.count {
            offset = nextSpecialByte(from: offset)
            guard offset < bytes.count else { break }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                return hasEscapes ? try Self.unescape(raw, at: start) : String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                offset += 2
            } else if byte < 0x20 {
                throw Failure(offset: offset, reason: "control character in string")
            } else {
                offset += 1
            }
        }
        throw Failure(offset: start, reason: "unterminated string")
    }

    /// Skips one value of any kind; returns its raw bytes.
    mutating func skipValue() throws(Failure) -> UnsafeBufferPointer<UInt8> {
        let first = try peek()
        let start = offset
        switch first {
        case UInt8(ascii: "\""): try skipStringFast()
        case UInt8(ascii: "{"):
            offset += 1
            if try !consumeIf(UInt8(ascii: "}")) {
                repeat {
                    guard try peek() == UInt8(ascii: "\"") else { throw Failure(offset: offset, reason: "expected a key") }
                    try skipStringFast()
                    try expect(UInt8(ascii: ":"))
                    _ = try skipValue()
                } while try consumeIf(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            offset += 1
            if try !consumeIf(UInt8(ascii: "]")) {
                repeat { _ = try skipValue() } while try consumeIf(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw Failure(offset: offset, reason: "unexpected character")
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<offset])
    }

    /// Skips a string without building it (escapes are checked for shape only).
    private mutating func skipStringFast() throws(Failure) {
        let start = offset
        offset += 1
        while offset < bytes.count {
            offset = nextSpecialByte(from: offset)
            guard offset < bytes.count else { break }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return
            }
            if byte < 0x20 { throw Failure(offset: offset, reason: "control character in string") }
            offset += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        throw Failure(offset: start, reason: "unterminated string")
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count,
            memcmp(bytes.baseAddress! + offset, literal.utf8Start, count) == 0
        else { throw Failure(offset: offset, reason: "invalid literal") }
        offset += count
    }

    private mutating func skipNumber() throws(Failure) {
        let start = offset
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        var digits = 0
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): break
            default:
                guard digits > 0 else { throw Failure(offset: start, reason: "invalid number") }
                return
            }
            offset += 1
        }
        guard digits > 0 else { throw Failure(offset: start, reason: "invalid number") }
    }

    /// Resolves the escapes of a string body.
    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>, at base: Int) throws(Failure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.count else { throw Failure(offset: base + index, reason: "bad escape") }
            let code = raw[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(raw, index, base)
                index += 4
                if (0xD800...0xDBFF).contains(scalar), index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"),
                    raw[index + 1] == UInt8(ascii: "u")
                {
                    let low = try hex4(raw, index + 2, base)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: throw Failure(offset: base + index - 1, reason: "bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ index: Int, _ base: Int) throws(Failure) -> UInt32 {
        guard index + 4 <= raw.count else { throw Failure(offset: base + index, reason: "bad \\u escape") }
        var value: UInt32 = 0
        for byte in raw[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(offset: base + index, reason: "bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
