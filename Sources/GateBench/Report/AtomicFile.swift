import Foundation

/// Writes files the user cares about (reports, baselines) atomically and never silently over an existing one.
public enum AtomicFile {
    /// Why a write did not happen; the existing file, if any, is untouched.
    public enum WriteError: Error, CustomStringConvertible, Sendable {
        case exists(String)
        case failed(String, reason: String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; pass --force to replace it"
            case .failed(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes `data` to a temporary file beside `path`, then links it into place (no-clobber) or,
    /// with `replacing`, renames it over the old file. Readers see the old file or the new one, never a part.
    public static func write(_ data: Data, to path: String, replacing: Bool) throws(WriteError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw .failed(path, reason: error.localizedDescription)
        }
        defer { unlink(temporary) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw .failed(path, reason: String(cString: strerror(errno))) }
        } else if link(temporary, path) != 0 {
            if errno == EEXIST { throw .exists(path) }
            throw .failed(path, reason: String(cString: strerror(errno)))
        }
    }
}
