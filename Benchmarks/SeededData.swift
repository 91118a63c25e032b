import Foundation
import GateBench
import GatePostgres
import GatewayPostgres
import GatewayService
import Synchronization

/// The wave's database for the service groups: seeded on first use (once per run), then opened
/// read-only by readers and copied for writers, so no benchmark changes the shared seeded file.
/// With `--backend postgres` the same rows are loaded into the server too (once per run), and the
/// services come from there; the oracles always read the SQLite file.
final class SeededData: Sendable {
    let options: SuiteOptions
    private let database = Mutex<DataStore.Database?>(nil)
    private let postgresDatabase = Mutex<PostgresDataStore.Database?>(nil)

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

    /// The wave on the PostgreSQL server (`options.postgres`), loaded now if it is not there.
    func postgres() throws -> (store: PostgresDataStore, database: PostgresDataStore.Database) {
        guard let url = options.postgres else { throw WrongAnswer("no PostgreSQL server was given") }
        let store = PostgresDataStore(url: url)
        let seeded = try seeded()
        return try postgresDatabase.withLock { cached in
            if let cached { return (store, cached) }
            let plan = SeedPlan(wave: options.wave, seed: options.seed)
            let note = options.note
            let loaded = try store.database(for: plan, from: seeded) { progress in
                note("loading \(plan.label) into PostgreSQL: \(progress.phase) \(Int(progress.fraction * 100)) %")
            }
            cached = loaded
            return (store, loaded)
        }
    }

    /// The team queries of the backend, each on a connection of its own.
    func teamQueries() throws -> any TeamQueries {
        guard options.postgres != nil else { return try TeamService(connection: reader()) }
        let (store, database) = try postgres()
        return try PostgresTeamService(connection: store.connect(to: database))
    }

    /// The tool listings of the backend, each on a connection of its own.
    func toolQueries() throws -> any ToolQueries {
        guard options.postgres != nil else { return try ToolService(connection: reader()) }
        let (store, database) = try postgres()
        return try PostgresToolService(connection: store.connect(to: database))
    }
}

/// A tool service on a private writable copy of the wave's tools: a SQLite scratch file, or a
/// PostgreSQL scratch schema; the copy lives as long as this value.
struct ScratchToolService: @unchecked Sendable {
    // @unchecked Sendable: used by one benchmark body at a time.
    let service: any ToolCatalogService
    /// The copy the service writes (a `ScratchDatabase` or a `PostgresScratch`), kept alive here.
    private let copy: AnyObject

    init(_ data: SeededData) throws {
        if data.options.postgres != nil {
            let (store, database) = try data.postgres()
            let scratch = try PostgresScratch(store: store, database: database, tables: .tools)
            service = try PostgresToolService(connection: scratch.connection)
            copy = scratch
        } else {
            let scratch = try data.scratchCopy()
            service = try ToolService(connection: scratch.connection)
            copy = scratch
        }
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
