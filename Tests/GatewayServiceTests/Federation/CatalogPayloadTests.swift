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
