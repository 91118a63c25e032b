import Foundation
import GatePostgres

/// The project's own private PostgreSQL server (`scripts/postgres.sh start`), started once for the
/// tests that need it; nil, with the reason on stderr, when it cannot be started here.
enum TestServer {
    static let url: PostgresURL? = start()

    static var available: Bool { url != nil }

    private static func start() -> PostgresURL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let script = "\(root)/scripts/postgres.sh"
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-pg-\(getpid())").path
        defer {
            unlink(output)
            unlink(output + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let arguments: [String] = [script, "start"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        // The script waits on its server through pg_ctl; waitpid, not Foundation's Process (see ServerScriptTests).
        guard posix_spawn(&pid, script, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0, let url = PostgresURL(text.split(separator: "\n").last.map(String.init) ?? "") else {
            let reason = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            FileHandle.standardError.write(Data("PostgreSQL tests skipped: scripts/postgres.sh start failed: \(reason)\n".utf8))
            return nil
        }
        return url
    }
}
