import ArgumentParser
import Foundation
import GateBench

/// Writes a file the user asked for (`--json`, an SVG, an `.hgrm`): atomically, never over an
/// existing one unless `replacing`. An existing file is a usage error (exit 2), any other failure
/// an environment error (exit 4).
func writeOutput(_ data: Data, to path: String, replacing: Bool) throws {
    do {
        try AtomicFile.write(data, to: path, replacing: replacing)
    } catch {
        if case .exists = error { throw CommandFailure(status: .usage, message: error.description) }
        throw CommandFailure(status: .environment, message: error.description)
    }
}

/// Refuses, before anything runs, an output path that exists (without `--force`) or whose directory does not.
func checkOutputPath(_ path: String?, force: Bool) throws {
    guard let path else { return }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        if isDirectory.boolValue { throw ValidationError("\(path) is a directory, not a file.") }
        if !force { throw ValidationError("\(path) already exists; pass --force to replace it.") }
    }
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty && !(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) {
        throw ValidationError("directory '\(directory)' of \(path) does not exist.")
    }
}

/// `target` as a link from a file at `page` (both relative to the current directory, or absolute).
func relativePath(_ target: String, from page: String) -> String {
    let base = URL(fileURLWithPath: page).deletingLastPathComponent().standardizedFileURL.pathComponents
    let parts = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
    let shared = zip(base, parts).prefix { $0 == $1 }.count
    return (Array(repeating: "..", count: base.count - shared) + parts[shared...]).joined(separator: "/")
}
