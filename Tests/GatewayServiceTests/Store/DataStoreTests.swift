import Foundation
import Testing

@testable import GatewayService

struct DataStoreTests {
    let plan = SeedPlan(size: .custom(users: 50, teams: 250, tools: 40), seed: 3)

    @Test func seedsOnceThenReuses() throws {
        let directory = try TemporaryDirectory()
        let store = DataStore(directory: directory.path)
        let first = try store.database(for: plan)
        let second = try store.database(for: plan)
        #expect(first.wasSeeded)
        #expect(!second.wasSeeded)
        #expect(second.manifest == first.manifest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["custom-seed3-v\(Schema.version).sqlite"])
    }

    /// Bytes overwritten inside pages pass the manifest-and-count check but not `quick_check`.
    @Test func aFileWithCorruptPagesIsRebuilt() throws {
        let directory = try TemporaryDirectory()
        let store = DataStore(directory: directory.path)
        let first = try store.database(for: plan)
        let handle = try #require(FileHandle(forUpdatingAtPath: first.path))
        let size = try handle.seekToEnd()
        for page in stride(from: size / 2 / 4096 * 4096, to: size - 4096, by: 4096 * 3) {
            try handle.seek(toOffset: page + 100)
            handle.write(Data(repeating: 0xA5, count: 2_000))
        }
        try handle.close()
        #expect(DataStore.verifiedManifest(at: first.path, plan: plan) == nil)
        let again = try store.database(for: plan)
        #expect(again.wasSeeded)
        #expect(DataStore.verifiedManifest(at: again.path, plan: plan) != nil)
    }

    @Test func aFileWithAWrongManifestIsRebuilt() throws {
        let directory = try TemporaryDirectory()
        let store = DataStore(directory: directory.path)
        let first = try store.database(for: plan)
        try SQLiteConnection(path: first.path).execute("UPDATE gatebench_manifest SET value = '0' WHERE key = 'schema_version'")
        #expect(try store.database(for: plan).wasSeeded)
    }

    @Test func aFileWhoseRowsDoNotMatchItsManifestIsRebuilt() throws {
        let directory = try TemporaryDirectory()
        let store = DataStore(directory: directory.path)
        let first = try store.database(for: plan)
        try SQLiteConnection(path: first.path).execute("DELETE FROM tools WHERE id = 1")
        #expect(try store.database(for: plan).wasSeeded)
    }

    @Test func aFileWithoutManifestIsRebuilt() throws {
        let directory = try TemporaryDirectory()
        let store = DataStore(directory: directory.path)
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: store.path(for: plan)))
        let database = try store.database(for: plan)
        #expect(database.wasSeeded)
    }

    @Test func anInterruptedSeedingLeavesNothingReusable() throws {
        let directory = try TemporaryDirectory()
        let store = DataStore(directory: directory.path)
        // What a killed seeder leaves: a partial temporary file of a process that no longer exists.
        let stale = store.path(for: plan) + ".tmp-999999999"
        try Data("partial".utf8).write(to: URL(fileURLWithPath: stale))
        #expect(DataStore.verifiedManifest(at: store.path(for: plan), plan: plan) == nil)
        let database = try store.database(for: plan)
        #expect(database.wasSeeded)
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    @Test func anUnwritableDirectoryIsAClearError() throws {
        let store = DataStore(directory: "/proc/gatebench-data")
        #expect(throws: DataStore.Failure.self) { try store.database(for: plan) }
        do {
            _ = try store.database(for: plan)
        } catch {
            #expect(error.description.contains("data directory '/proc/gatebench-data' is not writable"))
            #expect(error.description.contains("--data-dir"))
        }
    }
}
