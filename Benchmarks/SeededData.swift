import Foundation
import GateBench
import GatewayService
import Synchronization

/// The wave's database for the service groups: seeded on first use (once per run), then opened
/// read-only by readers and copied for writers, so no benchmark changes the shared seeded file.
final class SeededData: Sendable {
    let options: SuiteOptions
    private let database = Mutex<DataStore.Database?>(nil)

    init(options: SuiteOptions) {
        self.options = options
    }

    /// The seeded file, seeding it now if no valid one exists.
    func seeded() throws -> DataStore.Database {
        try database.withLock { cached in
            if let cached { return cached }
            let store = DataStore(directory: options.dataDirectory)
            let plan = SeedPlan(wave: options.wave, seed: options.seed)
            let note = options.note
            let opened = try store.database(for: plan) { progress in
                note("seeding \(plan.label) (first use): \(progress.phase) \(Int(progress.fraction * 100)) %")
            }
            cached = opened
            return opened
        }
    }

    /// A new read-only connection to the seeded file.
    func reader() throws -> SQLiteConnection {
        try SQLiteConnection(path: seeded().path, readOnly: true)
    }

    /// A private writable copy of the seeded file, deleted when released.
    func scratchCopy() throws -> ScratchDatabase {
        try ScratchDatabase(copying: seeded().path)
    }
}

/// A writable copy of a seeded database in a temporary directory, removed on deinit.
/// `@unchecked Sendable`: its connection is used by one benchmark body at a time.
final class ScratchDatabase: @unchecked Sendable {
    let connection: SQLiteConnection
    private let directory: String

    init(copying path: String) throws {
        directory = ScratchFiles.path("scratch")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let copy = directory + "/scratch.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        // Write the copy out now, so that kernel writeback of it does not stall the writes we measure.
        sync()
        connection = try SQLiteConnection(path: copy)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
