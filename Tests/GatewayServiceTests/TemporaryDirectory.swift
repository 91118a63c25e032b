import Foundation

@testable import GatewayService

/// A directory of its own for one test, removed when the test ends (GRDBTestCase style).
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Seeds `plan` here and opens it.
    func seeded(_ plan: SeedPlan) throws -> (DataStore.Database, SQLiteConnection) {
        let database = try DataStore(directory: path).database(for: plan)
        return (database, try SQLiteConnection(path: database.path))
    }
}

extension SQLiteConnection {
    /// Every row of every table, hashed in key order (FNV-1a over the text of each column).
    func contentHash() throws -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for table in Manifest.countedTables + ["gatebench_manifest"] {
            let statement = try prepare("SELECT * FROM \(table) ORDER BY 1, 2")
            while try statement.step() {
                for column in 0..<statement.columnCount {
                    for byte in statement.string(at: column).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                    hash = (hash ^ 0xff) &* 0x100_0000_01b3
                }
            }
        }
        return hash
    }

    func integers(_ sql: String) throws -> [Int64] {
        let statement = try prepare(sql)
        var values: [Int64] = []
        while try statement.step() { values.append(statement.int64(at: 0)) }
        return values
    }

    func integer(_ sql: String) throws -> Int64 {
        try integers(sql).first ?? -1
    }
}
