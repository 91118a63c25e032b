import BenchCLI
import Foundation
import Testing

/// `scripts/postgres.sh` and `scripts/redis.sh`: private servers on loopback, started and stopped by
/// the project itself. Each test uses its own data directory and stops its server.
struct ServerScriptTests {
    static let root = FileManager.default.currentDirectoryPath
    static var isRoot: Bool { getuid() == 0 }
    static var hasPostgres: Bool { isRoot || FileManager.default.fileExists(atPath: "/usr/lib/postgresql") }
    static var hasRedis: Bool { isRoot || BenchExecutable.which("redis-server") != nil }

    /// Runs `script` with `arguments`, its data under `directory` (see `ScriptRunner` for why not `Process`).
    func script(_ name: String, _ arguments: [String], directory: String, variable: String) throws -> BenchExecutable.Output {
        let output = ScriptRunner.run("\(Self.root)/scripts/\(name)", arguments, environment: [variable: directory])
        return BenchExecutable.Output(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// True when process `pid` has the script's start lock open: a server that inherited it would
    /// make every later `start` of its directory wait forever.
    func holdsStartLock(pid: String) -> Bool {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return descriptors.contains { descriptor in
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)")) ?? "").hasSuffix("start.lock")
        }
    }

    /// A listening socket on 127.0.0.1:`port`, closed when the returned descriptor is.
    func occupy(_ port: UInt16) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    @Test(.enabled(if: hasPostgres, "PostgreSQL is not installed and this is not root (apt-get install postgresql)"))
    func postgresStartsOnLoopbackWithAPasswordOnAFreePortAndStops() throws {
        let directory = try BenchExecutable.temporaryDirectory("postgres")
        let variable = "GATEBENCH_POSTGRES_DIR"
        defer {
            _ = try? script("postgres.sh", ["stop"], directory: directory, variable: variable)
            try? FileManager.default.removeItem(atPath: directory)
        }
        // Another program holds the first port: the script must take the next free one.
        let blocker = occupy(54329)
        defer { blocker.map { _ = close($0) } }
        let started = try script("postgres.sh", ["start"], directory: directory, variable: variable)
        #expect(started.status == 0, "stderr: \(started.stderr)")
        let postmaster = try String(contentsOfFile: "\(directory)/data/postmaster.pid", encoding: .utf8)
        #expect(!holdsStartLock(pid: postmaster.split(separator: "\n").first.map(String.init) ?? ""))
        let url = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("postgres://gatebench:") && url.contains("@127.0.0.1:") && url.hasSuffix("/gatebench"))
        if blocker != nil { #expect(!url.contains(":54329/")) }
        let psql = try #require(BenchExecutable.which("psql"))
        let query = try BenchExecutable.run(["-tAc", "SELECT current_user || ' ' || host(inet_server_addr())", url], executable: psql)
        #expect(query.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "gatebench 127.0.0.1", "stderr: \(query.stderr)")
        let wrongPassword = url.replacingOccurrences(of: #"gatebench:[^@]+@"#, with: "gatebench:wrong@", options: .regularExpression)
        let refused = try BenchExecutable.run(["-tAc", "SELECT 1", wrongPassword], executable: psql)
        #expect(refused.status != 0 && refused.stderr.contains("password authentication failed"))
        let again = try script("postgres.sh", ["start"], directory: directory, variable: variable)
        #expect(again.stdout == started.stdout, "a running server is left as it is")
        #expect(try script("postgres.sh", ["status"], directory: directory, variable: variable).status == 0)
        #expect(try script("postgres.sh", ["stop"], directory: directory, variable: variable).status == 0)
        let stopped = try script("postgres.sh", ["status"], directory: directory, variable: variable)
        #expect(stopped.status == 3 && stopped.stdout.contains("not running"))
    }

    @Test(.enabled(if: hasRedis, "Redis is not installed and this is not root (apt-get install redis-server)"))
    func redisStartsOnLoopbackWithAPasswordOnAFreePortAndStops() throws {
        let directory = try BenchExecutable.temporaryDirectory("redis")
        let variable = "GATEBENCH_REDIS_DIR"
        defer {
            _ = try? script("redis.sh", ["stop"], directory: directory, variable: variable)
            try? FileManager.default.removeItem(atPath: directory)
        }
        let blocker = occupy(63799)
        defer { blocker.map { _ = close($0) } }
        let started = try script("redis.sh", ["start"], directory: directory, variable: variable)
        #expect(started.status == 0, "stderr: \(started.stderr)")
        let pid = try String(contentsOfFile: "\(directory)/redis.pid", encoding: .utf8)
        #expect(!holdsStartLock(pid: pid.trimmingCharacters(in: .whitespacesAndNewlines)))
        let url = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("redis://:") && url.contains("@127.0.0.1:"))
        if blocker != nil { #expect(!url.contains(":63799/")) }
        let cli = try #require(BenchExecutable.which("redis-cli"))
        let port = String(url.split(separator: ":").last!.split(separator: "/").first!)
        let password = try String(contentsOfFile: directory + "/password", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let set = try BenchExecutable.run(["-h", "127.0.0.1", "-p", port, "-a", password, "--no-auth-warning", "SET", "k", "v"], executable: cli)
        #expect(set.stdout.contains("OK"), "stderr: \(set.stderr)")
        let anonymous = try BenchExecutable.run(["-h", "127.0.0.1", "-p", port, "GET", "k"], executable: cli)
        #expect(anonymous.stdout.contains("NOAUTH"))
        #expect(try script("redis.sh", ["stop"], directory: directory, variable: variable).status == 0)
        #expect(try script("redis.sh", ["status"], directory: directory, variable: variable).status == 3)
    }
}
