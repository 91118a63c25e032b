import Foundation
import Testing

@testable import GatewayService

struct CatalogPayloadTests {
    @Test func renderThenDecodeRoundTrips() throws {
        let gateway = PeerGateway(id: 1, name: "Peer A", region: .usEast, baseLatency: .zero, reliability: 1)
        let tools = try #require(PeerCatalogGenerator.catalogs(for: [gateway], toolsPerGateway: 50, seed: 1)[1])
        let bytes = CatalogPayload.render(tools)
        #expect(try CatalogPayload.decode(bytes) == tools)
        // Foundation agrees the payload is JSON, and the raw schema text is each tool's object.
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: [[String: Any]]]
        #expect(parsed?["tools"]?.count == 50)
    }

    @Test func escapesAndUnicodeSurviveTheRoundTrip() throws {
        let tool = PeerTool(originalName: "quote\"back\\slash\nline\u{1}", description: "naïve 🦊 \t tab",
                            inputSchema: #"{"type":"object","description":"a \"quoted\" }{ brace"}"#)
        #expect(try CatalogPayload.decode(CatalogPayload.render([tool])) == [tool])
        let escaped = Array(#"{"tools":[{"name":"\u00e9\ud83e\udd8a\/","inputSchema":{}}]}"#.utf8)
        #expect(try CatalogPayload.decode(escaped).first?.originalName == "é🦊/")
    }

    /// The string scan steps 16 and 8 bytes at a time: a quote, a backslash or a control character
    /// at every offset of strings of every length up to 70 bytes (ASCII and multi-byte text
    /// around it) is found exactly, in names and inside schemas.
    @Test func specialBytesAreFoundAtEveryOffset() throws {
        let filler = Array("abcdefghijklmnopqrstuvwxyz0123456789é🦊".map { String($0) })
        var random = SplitMix64(seed: 17)
        for length in 0...70 {
            for position in 0...length {
                let text = (0..<length).map { _ in filler[random.next(below: filler.count)] }.joined()
                var characters = Array(text)
                let special: Character = ["\"", "\\", "\n", "\u{1}"][random.next(below: 4)]
                characters.insert(special, at: min(position, characters.count))
                let name = String(characters)
                let tool = PeerTool(originalName: name, description: String(name.reversed()),
                                    inputSchema: #"{"d":"\#(text)","e":"x\\y"}"#)
                #expect(try CatalogPayload.decode(CatalogPayload.render([tool])) == [tool], "length \(length), position \(position)")
                // Unescaped, a control character inside a string is malformed wherever it sits.
                let raw = Array(#"{"tools":[{"name":"\#(text.prefix(position))"#.utf8) + [0x01] + Array(#"","inputSchema":{}}]}"#.utf8)
                #expect(throws: CatalogPayload.MalformedPayload.self) { try CatalogPayload.decode(raw) }
            }
        }
    }

    @Test func unknownKeysAndValuesOfEveryKindAreSkipped() throws {
        let json = #"{"nextCursor":null,"tools":[{"annotations":{"x":[1,-2.5e3,true,false,null,"s"]},"name":"a","description":"d","inputSchema":{"a":[{}]}}],"meta":{}}"#
        let tools = try CatalogPayload.decode(Array(json.utf8))
        #expect(tools == [PeerTool(originalName: "a", description: "d", inputSchema: #"{"a":[{}]}"#)])
    }

    @Test(arguments: [
        #"{"tools":[{"name":"a","inputSchema":{}}"#,
        #"{"tools":[{"name":"a","inputSchema":{}}]} x"#,
        #"{"tools":[{"name":1,"inputSchema":{}}]}"#,
        #"{"tools":[{"name":"a","inputSchema":"{}"}]}"#,
        #"{"tools":[{"description":"no name","inputSchema":{}}]}"#,
        #"{"other":[]}"#,
        #"{"tools":[{"name":"a","inputSchema":{"k":tru}}]}"#,
        #"{"tools":[{"name":"a\"#,
        "",
        "<html>502 Bad Gateway</html>",
    ])
    func malformedPayloadsAreErrorsNotCrashes(json: String) {
        #expect(throws: CatalogPayload.MalformedPayload.self) { try CatalogPayload.decode(Array(json.utf8)) }
    }
}
