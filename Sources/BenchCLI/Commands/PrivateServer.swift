import Foundation
import GateBench
import GatePostgres
import GateRedis

/// A server a command uses: the URL given on the command line, else the one in the environment,
/// else the project's private server (`scripts/postgres.sh`, `scripts/redis.sh`), started for the
/// command and stopped after it when this command started it.
final class PrivateServer: Sendable {
    /// The servers gatebench can use.
    enum Kind: Sendable {
        case postgres, redis

        var script: String { self == .postgres ? "scripts/postgres.sh" : "scripts/redis.sh" }
        /// Read when no URL is given; child processes get the URL this way, so a password never
        /// appears in a process listing.
        var urlVariable: String { self == .postgres ? "GATEBENCH_POSTGRES_URL" : "GATEBENCH_REDIS_URL" }
        var flag: String { self == .postgres ? "--postgres-url" : "--l2 redis=URL" }
        var make: String { self == .postgres ? "make postgres" : "make redis" }

        /// The URL's form for messages, or nil when `text` is not a URL of this kind.
        func redacted(_ text: String) -> String? {
            switch self {
            case .postgres: PostgresURL(text)?.redacted
            case .redis: RedisURL(text)?.redacted
            }
        }

        /// Connects once, to fail before anything is measured.
        func check(_ text: String) throws {
            switch self {
            case .postgres: _ = try PostgresConnection(url: PostgresURL(text)!)
            case .redis: _ = try RedisConnection(url: RedisURL(text)!)
            }
        }
    }

    let kind: Kind
    /// The URL, password included: give it only to a client or a child's environment.
    let url: String
    /// True when this command started the private server (and so stops it).
    let startedHere: Bool

    private init(kind: Kind, url: String, startedHere: Bool) {
        self.kind = kind
        self.url = url
        self.startedHere = startedHere
    }

    /// The URL for messages, password replaced by `***`.
    var redacted: String { kind.redacted(url) ?? url }

    /// Resolves the server and checks, before anything is measured, that it answers (exit 4 otherwise).
    static func resolve(_ kind: Kind, given: String?) throws -> PrivateServer {
        let server: PrivateServer
        if let text = given ?? ProcessInfo.processInfo.environment[kind.urlVariable] {
            guard kind.redacted(text) != nil else {
                throw CommandFailure(status: .usage, message: "\(kind.flag): '\(text)' is not a URL of that server")
            }
            server = PrivateServer(kind: kind, url: text, startedHere: false)
        } else {
            server = try startPrivate(kind)
        }
        do {
            try kind.check(server.url)
        } catch {
            server.stop()
            throw CommandFailure(
                status: .environment,
                message: "\(error); check the URL, or leave \(kind.flag) out to use the private server (\(kind.make))")
        }
        setenv(kind.urlVariable, server.url, 1)
        return server
    }

    /// Starts the kind's private server unless it already runs.
    private static func startPrivate(_ kind: Kind) throws -> PrivateServer {
        let script = kind.script
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw CommandFailure(
                status: .environment,
                message: "no server: pass \(kind.flag), or run from the gatebench checkout, where \(script) starts a private one")
        }
        let running = ScriptRunner.run(script, ["url"])
        let runningURL = running.lastLine
        if running.status == 0, kind.redacted(runningURL) != nil {
            return PrivateServer(kind: kind, url: runningURL, startedHere: false)
        }
        FileHandle.standardError.write(Data("starting the private server (\(script) start)\n".utf8))
        let started = ScriptRunner.run(script, ["start"])
        let lastLine = started.lastLine
        guard started.status == 0, kind.redacted(lastLine) != nil else {
            throw CommandFailure(
                status: .environment,
                message: "\(script) start failed (exit \(started.status)): \(started.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); "
                    + "pass \(kind.flag) to use another server")
        }
        return PrivateServer(kind: kind, url: lastLine, startedHere: true)
    }

    /// Stops the private server if this command started it.
    func stop() {
        guard startedHere else { return }
        _ = ScriptRunner.run(kind.script, ["stop"])
    }
}
