import Foundation

/// Runs a script (or any program) to its end with its output in files, waited for with `waitpid`.
///
/// Made for scripts that start daemons (`scripts/postgres.sh start`): the daemon inherits no pipe
/// of ours, and Foundation's `Process.waitUntilExit` was seen never to return for such a script.
public enum ScriptRunner {
    public struct Output: Sendable {
        /// The exit status (127 when it could not be started).
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// The last line of stdout, trimmed: what a `start` script prints its URL on.
        public var lastLine: String {
            stdout.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
    }

    /// Runs `path` with `arguments` and this process's environment plus `environment`.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) -> Output {
        let outPath = ScratchFiles.path("script"), errPath = outPath + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else {
            return Output(status: 127, stdout: "", stderr: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Output(
            status: (status >> 8) & 0xff, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
