/// A tool listing as bytes for the L2 cache: little-endian integers and length-prefixed UTF-8,
/// behind a 4-byte tag. Decoding checks every length against the buffer: a truncated or foreign
/// value is `Malformed`, never a crash or a wrong listing.
public enum ToolListCodec {
    /// The value is not a listing this codec wrote.
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String { "the cached value is not a tool listing" }
    }

    static let tag: [UInt8] = Array("GBT1".utf8)

    public static func encode(_ tools: [Tool]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(CachedToolCatalog.cost(of: tools) + tools.count * 64 + 8)
        bytes += tag
        append(UInt64(tools.count), to: &bytes)
        for tool in tools {
            append(UInt64(bitPattern: tool.id), to: &bytes)
            append(UInt64(bitPattern: tool.gatewayID), to: &bytes)
            append(tool.gatewayName, to: &bytes)
            append(tool.originalName, to: &bytes)
            append(tool.name, to: &bytes)
            append(tool.description, to: &bytes)
            append(tool.inputSchema, to: &bytes)
            append(tool.ownerEmail, to: &bytes)
            bytes.append(tool.teamID == nil ? 0 : 1)
            append(UInt64(bitPattern: tool.teamID ?? 0), to: &bytes)
            append(tool.teamName, to: &bytes)
            bytes.append(tool.visibility == .public ? 0 : tool.visibility == .team ? 1 : 2)
            bytes.append(tool.isEnabled ? 1 : 0)
            append(UInt64(bitPattern: tool.createdAt), to: &bytes)
            append(UInt64(bitPattern: tool.updatedAt), to: &bytes)
        }
        return bytes
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(Malformed) -> [Tool] {
        var reader = Reader(bytes: bytes)
        guard try reader.bytes(4).elementsEqual(tag) else { throw Malformed() }
        let count = try reader.integer()
        guard count >= 0, count <= bytes.count / 64 else { throw Malformed() }
        var tools: [Tool] = []
        tools.reserveCapacity(count)
        for _ in 0..<count {
            let id = Int64(try reader.integer()), gatewayID = Int64(try reader.integer())
            let gatewayName = try reader.optionalString()
            let originalName = try reader.string(), name = try reader.string(), description = try reader.string()
            let inputSchema = try reader.string(), ownerEmail = try reader.string()
            let hasTeam = try reader.byte() == 1
            let team = Int64(try reader.integer())
            let teamName = try reader.optionalString()
            let visibility: Visibility
            switch try reader.byte() {
            case 0: visibility = .public
            case 1: visibility = .team
            case 2: visibility = .private
            default: throw Malformed()
            }
            let isEnabled = try reader.byte() == 1
            let createdAt = Int64(try reader.integer()), updatedAt = Int64(try reader.integer())
            tools.append(
                Tool(
                    id: id, gatewayID: gatewayID, gatewayName: gatewayName, originalName: originalName, name: name,
                    description: description, inputSchema: inputSchema, ownerEmail: ownerEmail,
                    teamID: hasTeam ? team : nil, teamName: teamName, visibility: visibility, isEnabled: isEnabled,
                    createdAt: createdAt, updatedAt: updatedAt))
        }
        guard reader.isAtEnd else { throw Malformed() }
        return tools
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func append(_ text: String?, to bytes: inout [UInt8]) {
        guard var text else {
            append(UInt64.max, to: &bytes)
            return
        }
        append(UInt64(text.utf8.count), to: &bytes)
        text.withUTF8 { bytes += $0 }
    }

    /// Reads the encoding, every read checked against the end of the buffer.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func bytes(_ count: Int) throws(Malformed) -> UnsafeRawBufferPointer {
            guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        mutating func byte() throws(Malformed) -> UInt8 { try bytes(1)[0] }

        mutating func integer() throws(Malformed) -> Int {
            let raw = try bytes(8)
            return Int(truncatingIfNeeded: UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)))
        }

        mutating func optionalString() throws(Malformed) -> String? {
            let length = try integer()
            if length == -1 { return nil }
            return String(decoding: try bytes(length), as: UTF8.self)
        }

        mutating func string() throws(Malformed) -> String {
            guard let text = try optionalString() else { throw Malformed() }
            return text
        }
    }
}
