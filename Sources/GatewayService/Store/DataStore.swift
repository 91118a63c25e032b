import Foundation

/// Seeded database files in a data directory: built once per (plan, seed, schema version), then reused.
///
/// A file is built under a temporary name and renamed into place only when complete, so an
/// interrupted seeding (Ctrl-C, a full disk) never leaves a file a later run would reuse. A file
/// is reused only after its manifest matches the plan and every table's row count matches it.
public struct DataStore: Sendable {
    /// Why the store cannot provide a database.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case directoryNotWritable(String, reason: String)
        case seedingFailed(String, reason: String)

        public var description: String {
            switch self {
            case .directoryNotWritable(let path, let reason):
                "data directory '\(path)' is not writable (\(reason)); pass --data-dir with a writable directory"
            case .seedingFailed(let path, let reason):
                "seeding \(path) failed, nothing was kept: \(reason)"
            }
        }
    }

    /// A ready database file.
    public struct Database: Sendable {
        public let path: String
        public let manifest: Manifest
        /// True when this call built the file; false when an existing one was verified and reused.
        public let wasSeeded: Bool
        /// Seconds spent seeding (0 when reused).
        public let seedingSeconds: Double
    }

    /// The directory holding the files (default `.benchdata`).
    public let directory: String

    public init(directory: String = ".benchdata") {
        self.directory = directory
    }

    /// The file name for `plan`: `<label>-seed<seed>-v<schema>.sqlite`.
    public func path(for plan: SeedPlan) -> String {
        "\(directory)/\(plan.label)-seed\(plan.seed)-v\(Schema.version).sqlite"
    }

    /// The database for `plan`: the verified existing file, or a new one seeded now.
    ///
    /// - Parameters:
    ///   - rebuild: Seed anew even when a valid file exists.
    ///   - progress: Seeding progress, for a display.
    /// - Throws: `Failure` when the directory is not writable or seeding fails.
    public func database(
        for plan: SeedPlan, rebuild: Bool = false, progress: @escaping (Seeder.Progress) -> Void = { _ in }
    ) throws(Failure) -> Database {
        let path = path(for: plan)
        // A valid file is usable read-only (a read-only mount, say): only seeding needs a writable directory.
        if !rebuild, let manifest = Self.verifiedManifest(at: path, plan: plan) {
            return Database(path: path, manifest: manifest, wasSeeded: false, seedingSeconds: 0)
        }
        try prepareDirectory()
        removeStaleTemporaries(of: path)
        let temporary = "\(path).tmp-\(getpid())"
        unlink(temporary)
        let start = ContinuousClock.now
        do {
            let manifest = try Seeder(plan: plan, progress: progress).write(to: temporary)
            guard rename(temporary, path) == 0 else {
                throw SQLiteError(code: errno, message: "rename: \(String(cString: strerror(errno)))")
            }
            let elapsed = ContinuousClock.now - start
            return Database(
                path: path, manifest: manifest, wasSeeded: true,
                seedingSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        } catch {
            unlink(temporary)
            throw .seedingFailed(path, reason: String(describing: error))
        }
    }

    /// The manifest of the file at `path` if it exists, matches `plan` and the schema, passes
    /// `PRAGMA quick_check` (bytes overwritten inside the file), and its tables hold the recorded row
    /// counts; nil otherwise (the file will be rebuilt, never trusted).
    static func verifiedManifest(at path: String, plan: SeedPlan) -> Manifest? {
        guard FileManager.default.fileExists(atPath: path),
            let connection = try? SQLiteConnection(path: path, readOnly: true),
            let manifest = Manifest.read(from: connection),
            manifest.label == plan.label, manifest.seed == plan.seed, manifest.schemaVersion == Schema.version,
            let check = try? connection.prepare("PRAGMA quick_check"), (try? check.step()) == true,
            check.string(at: 0) == "ok"
        else { return nil }
        for table in Manifest.countedTables {
            guard let statement = try? connection.prepare("SELECT count(*) FROM \(table)"),
                let count = try? statement.singleInt64(), Int(count) == manifest.rowCounts[table]
            else { return nil }
        }
        return manifest
    }

    private func prepareDirectory() throws(Failure) {
        var ancestor = directory
        while !ancestor.isEmpty && ancestor != "/" && ancestor != "." {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw .directoryNotWritable(directory, reason: "'\(ancestor)' is a file") }
                break
            }
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .directoryNotWritable(directory, reason: "cannot create it")
        }
        guard access(directory, W_OK) == 0 else {
            throw .directoryNotWritable(directory, reason: String(cString: strerror(errno)))
        }
    }

    /// Deletes `<path>.tmp-<pid>` files left by seedings whose process is gone.
    private func removeStaleTemporaries(of path: String) {
        let name = (path as NSString).lastPathComponent + ".tmp-"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries where entry.hasPrefix(name) {
            guard let pid = Int32(entry.dropFirst(name.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink("\(directory)/\(entry)")
        }
    }
}
