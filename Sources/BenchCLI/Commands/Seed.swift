import ArgumentParser
import Foundation
import GateBench
import GatewayService

/// `bench seed`: build (or verify and reuse) a wave's database file.
struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seed a wave's SQLite database into the data directory (reused when already valid).")

    @OptionGroup var data: DataSetOptions

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
    }
}
