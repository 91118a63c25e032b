import Foundation

/// Scratch files and directories in the temporary directory, named `gatebench-scratch-<kind>-<pid>-<id>` so
/// that a run can remove its own on SIGINT/SIGTERM and, at start-up, those of processes that died.
public enum ScratchFiles {
    /// Every scratch entry starts with this.
    public static let prefix = "gatebench-scratch-"

    /// A new scratch path of `kind` (a word without dashes) for this process; nothing is created.
    public static func path(_ kind: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)\(kind)-\(getpid())-\(UUID().uuidString)").path
    }

    /// Removes scratch entries whose process no longer exists.
    public static func removeStale() {
        remove { pid in pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH }
    }

    /// Removes this process's scratch entries.
    public static func removeOwn() {
        remove { $0 == getpid() }
    }

    private static func remove(where owned: (pid_t) -> Bool) {
        let directory = FileManager.default.temporaryDirectory.path
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where entry.hasPrefix(prefix) {
            let parts = entry.dropFirst(prefix.count).split(separator: "-", maxSplits: 2)
            guard parts.count == 3, let pid = pid_t(parts[1]), owned(pid) else { continue }
            try? FileManager.default.removeItem(atPath: "\(directory)/\(entry)")
        }
    }

    /// Signal sources kept alive for the process's lifetime.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// On SIGINT or SIGTERM: remove this process's scratch entries, say so, run `report` (which
    /// prints and saves what was measured so far), and exit 130 (143 for SIGTERM), as shells report
    /// a signal. Call once, from the main thread, before any work.
    public static func removeOnInterrupt(report: @escaping @Sendable () -> Void = {}) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                removeOwn()
                FileHandle.standardError.write(Data("\ninterrupted: scratch data removed\n".utf8))
                report()
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
