import ArgumentParser
import Foundation
import GateBench
import GatePostgres
import GatewayPostgres
import GatewayService

/// `bench seed`: build (or verify and reuse) a wave's database file.
struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seed a wave's SQLite database into the data directory (reused when already valid).",
        discussion: "With --backend postgres, also load it into the PostgreSQL server (a schema per wave, reused when valid).")

    @OptionGroup var data: DataSetOptions

    @OptionGroup var engine: BackendOptions

    @Flag(help: "Seed anew even when a valid file exists.")
    var rebuild = false

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    func run() throws {
        let progress = ProgressLine(quiet: quiet)
        let database: DataStore.Database
        do {
            database = try DataStore(directory: data.dataDir).database(
                for: data.plan, rebuild: rebuild,
                progress: { progress.update("seeding \(data.wave.rawValue): \($0.phase) \(Int($0.fraction * 100)) %") })
        } catch {
            progress.clear()
            throw CommandFailure(status: .environment, message: error.description)
        }
        progress.clear()
        let bytes = (try? FileManager.default.attributesOfItem(atPath: database.path)[.size] as? Int) ?? 0
        let rows = database.manifest.rowCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        print(database.path)
        print(database.wasSeeded ? String(format: "seeded in %.2f s", database.seedingSeconds) : "reused (manifest and row counts verified)")
        print(String(format: "%.1f MiB; ", Double(bytes) / 1_048_576) + rows.joined(separator: " "))
        if engine.backend == .postgres { try load(database, progress) }
    }

    /// Loads the wave into the PostgreSQL server (exit 4 when it cannot be reached or the load fails).
    private func load(_ database: DataStore.Database, _ progress: ProgressLine) throws {
        let server = try PrivateServer.resolve(.postgres, given: engine.postgresUrl)
        defer { server.stop() }
        let loaded: PostgresDataStore.Database
        do {
            loaded = try PostgresDataStore(url: PostgresURL(server.url)!).database(
                for: data.plan, from: database, rebuild: rebuild,
                progress: { progress.update("loading \(data.wave.rawValue) into PostgreSQL: \($0.phase) \(Int($0.fraction * 100)) %") })
        } catch {
            progress.clear()
            throw CommandFailure(status: .environment, message: "loading into \(server.redacted) failed: \(error)")
        }
        progress.clear()
        print("\(server.redacted) schema \(loaded.schema)")
        print(loaded.wasLoaded ? String(format: "loaded with COPY in %.2f s", loaded.loadingSeconds) : "reused (manifest and row counts verified)")
    }
}
