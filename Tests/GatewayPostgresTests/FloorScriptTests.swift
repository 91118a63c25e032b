import Foundation
import Testing

@testable import GatewayPostgres

/// scripts/postgres-floors.sh runs the scoped listing in psql as the floor of ours: the two texts must not drift.
struct FloorScriptTests {
    @Test func theFloorScriptRunsTheServicesScopedQuery() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = try String(contentsOf: root.appendingPathComponent("scripts/postgres-floors.sh"), encoding: .utf8)
        let start = try #require(script.firstRange(of: "scoped_sql=\""))
        let end = try #require(script[start.upperBound...].firstIndex(of: "\""))
        let floorSQL = script[start.upperBound..<end].replacing("\\$", with: "$")
        func normalized(_ text: some StringProtocol) -> String {
            text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        #expect(normalized(floorSQL) == normalized(PostgresToolService.scopedSQL))
    }
}
