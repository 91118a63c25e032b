import Foundation
import GateBench
import GatePostgres

/// The PostgreSQL server a `--backend postgres` command uses: `--postgres-url`, else
/// `$GATEBENCH_POSTGRES_URL`, else the private server of `scripts/postgres.sh`, started for the
/// command (and stopped after it when this command started it).
final class PostgresServer: Sendable {
    let url: PostgresURL
    /// True when this command started the private server (and so stops it).
    let startedHere: Bool

    /// The environment variable read when `--postgres-url` is not given; child processes get the
    /// URL this way, so the password never appears in a process listing.
    static let urlVariable = "GATEBENCH_POSTGRES_URL"
    static let script = "scripts/postgres.sh"

    private init(url: PostgresURL, startedHere: Bool) {
        self.url = url
        self.startedHere = startedHere
    }

    /// Resolves the server and checks, before anything is measured, that it answers.
    static func resolve(given: String?) throws -> PostgresServer {
        let server: PostgresServer
        if let text = given ?? ProcessInfo.processInfo.environment[urlVariable] {
            guard let url = PostgresURL(text) else {
                throw CommandFailure(status: .usage, message: "--postgres-url must start with postgres:// or postgresql://")
            }
            server = PostgresServer(url: url, startedHere: false)
        } else {
            server = try startPrivate()
        }
        do {
            _ = try PostgresConnection(url: server.url)
        } catch {
            server.stop()
            throw CommandFailure(
                status: .environment,
                message: "\(error); check the URL, or leave --postgres-url out to use the private server (make postgres)")
        }
        setenv(urlVariable, server.url.text, 1)
        return server
    }

    /// Starts `scripts/postgres.sh`'s private server unless it already runs.
    private static func startPrivate() throws -> PostgresServer {
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw CommandFailure(
                status: .environment,
                message: "no PostgreSQL server: pass --postgres-url URL, or run from the gatebench checkout, where "
                    + "\(script) starts a private one")
        }
        let running = runScript(["url"])
        if running.status == 0, let url = PostgresURL(running.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return PostgresServer(url: url, startedHere: false)
        }
        FileHandle.standardError.write(Data("starting the private PostgreSQL server (\(script) start)\n".utf8))
        let started = runScript(["start"])
        let lastLine = started.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard started.status == 0, let url = PostgresURL(lastLine) else {
            throw CommandFailure(
                status: .environment,
                message: "\(script) start failed (exit \(started.status)): \(started.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); "
                    + "pass --postgres-url to use another server")
        }
        return PostgresServer(url: url, startedHere: true)
    }

    /// Stops the private server if this command started it.
    func stop() {
        guard startedHere else { return }
        _ = Self.runScript(["stop"])
    }

    /// Runs the script with its output in files, waited for with `waitpid`: the server it leaves
    /// running inherits no pipe of ours, and Foundation's `Process.waitUntilExit` was seen never to
    /// return for such a script.
    private static func runScript(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let outPath = ScratchFiles.path("postgres-script"), errPath = outPath + ".err"
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
        let argv = ([script] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, script, &actions, nil, argv, environ) == 0 else {
            return (127, "", "cannot run \(script): \(String(cString: strerror(errno)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (
            (status >> 8) & 0xff, (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        )
    }
}
