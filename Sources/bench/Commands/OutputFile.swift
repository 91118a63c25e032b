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
