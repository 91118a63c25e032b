import Foundation

/// `<ab>/scratch-<pid>`: where child processes leave their saved runs; removed when the command
/// ends (also after SIGINT/SIGTERM), and left-overs of dead processes are removed at start-up.
struct ScratchDirectory {
    let path: String

    init(under root: String) throws {
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: root)) ?? [] where entry.hasPrefix("scratch-") {
            if let pid = Int32(entry.dropFirst("scratch-".count)), kill(pid, 0) != 0, errno == ESRCH {
                try? fileManager.removeItem(atPath: "\(root)/\(entry)")
            }
        }
        path = "\(root)/scratch-\(getpid())"
        do {
            try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(status: .environment, message: "cannot create \(path): \(error.localizedDescription)")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
