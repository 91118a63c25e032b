import Testing

@testable import GatewayService

struct ToolListCodecTests {
    static let tools = [
        Tool(
            id: 1, gatewayID: 7, gatewayName: nil, originalName: "search", name: "peer-search", description: "Sucht — überall 🔎",
            inputSchema: #"{"type":"object"}"#, ownerEmail: "u1@tenant.example", teamID: nil, teamName: nil, visibility: .public,
            isEnabled: true, createdAt: -5, updatedAt: Int64.max),
        Tool(
            id: Int64.max, gatewayID: 0, gatewayName: "Peer 1", originalName: "", name: "x", description: String(repeating: "d", count: 5_000),
            inputSchema: "", ownerEmail: "", teamID: 42, teamName: "team-42", visibility: .team, isEnabled: false,
            createdAt: 0, updatedAt: 1),
        Tool(
            id: 3, gatewayID: 1, gatewayName: "", originalName: "o", name: "n", description: "", inputSchema: "{}", ownerEmail: "e",
            teamID: 0, teamName: "", visibility: .private, isEnabled: true, createdAt: 9, updatedAt: 9),
    ]

    @Test func aListingSurvivesTheRoundTrip() throws {
        let bytes = ToolListCodec.encode(Self.tools)
        #expect(try bytes.withUnsafeBytes { try ToolListCodec.decode($0) } == Self.tools)
        #expect(try ToolListCodec.encode([]).withUnsafeBytes { try ToolListCodec.decode($0) } == [])
    }

    @Test func everyTruncationIsRefused() {
        let bytes = ToolListCodec.encode(Self.tools)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ToolListCodec.Malformed.self) {
                try Array(bytes.prefix(length)).withUnsafeBytes { try ToolListCodec.decode($0) }
            }
        }
    }

    @Test func foreignBytesAreRefused() {
        for foreign in [Array("not a listing at all".utf8), ToolListCodec.encode(Self.tools) + [0], Array("GBT1".utf8) + [UInt8](repeating: 0xFF, count: 8)] {
            #expect(throws: ToolListCodec.Malformed.self) { try foreign.withUnsafeBytes { try ToolListCodec.decode($0) } }
        }
    }
}
