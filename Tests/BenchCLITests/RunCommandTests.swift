import Foundation
import Testing

/// The `bench` command end to end: exit statuses, messages, files.
struct RunCommandTests {
    static let quick = ["--max-time", "0.02", "--warmup", "0.005", "--quiet"]

    @Test func listsTheHarnessGroup() throws {
        let output = try BenchExecutable.run(["--list", "--group", "harness"])
        #expect(output.status == 0)
        #expect(
            output.stdout
                == "harness/empty\nharness/opaque_call\nharness/spin_10us\nharness/spin_1us_x10\nharness/spin_1us_x1000\n"
                + "harness/allocate_4096\nharness/empty_async\nharness/async_children_8\nharness/async_children_8_allocating\n")
    }

    @Test func unknownGroupExitsTwoWithTheValidNames() throws {
        let output = try BenchExecutable.run(["--group", "harnes"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("Error: unknown group 'harnes'; groups: cache, federation, harness, heartbeat, multi_tenancy, tool_service."))
        #expect(output.stderr.contains("Did you mean 'harness'?"))
    }

    @Test func filterMatchingNothingExitsTwoWithTheNames() throws {
        let output = try BenchExecutable.run(["--group", "harness", "--filter", "nothing"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("matches no benchmark; benchmarks: harness/empty, harness/opaque_call, harness/spin_10us"))
    }

    @Test(arguments: [
        (["--grup", "harness"], "Unknown option '--grup'"),
        (["--format", "yaml"], "The value 'yaml' is invalid for '--format <format>'"),
        (["--wave", "huge"], "The value 'huge' is invalid for '--wave <wave>'"),
        (["--max-time", "0"], "--max-time must be in (0, 3600] seconds."),
        (["--max-time", "1e300"], "--max-time must be in (0, 3600] seconds."),
        (["--min-rounds", "0"], "--min-rounds must be 1...10000."),
        (["--rate", "1e300"], "--rate must be in (0, 1000000] per second."),
        (["ab", "main", "--repetitions", "0"], "--repetitions must be 1...1000."),
        (["ab", "main", "--threshold", "150"], "--threshold must be a percentage in (0, 100)."),
        (["--json", "/nonexistent-dir/run.json"], "directory '/nonexistent-dir' of /nonexistent-dir/run.json does not exist."),
        (["--json", "/tmp"], "/tmp is a directory, not a file."),
        (["--backend", "mysql"], "The value 'mysql' is invalid for '--backend <backend>'"),
        (["--backend", "postgres", "--postgres-url", "127.0.0.1:5432"], "--postgres-url must start with postgres:// or postgresql://."),
        (["--postgres-url", "postgres://h/db"], "--postgres-url needs --backend postgres."),
        (["--filter", "a", "--filter", "b"], "--filter takes one regular expression; join several with |, e.g. --filter 'scope|list_tools'."),
        (["--backend", "postgres", "--group", "harness"], "group 'harness' has no PostgreSQL version; --backend postgres runs multi_tenancy, tool_service, cache, federation, heartbeat."),
        (["--l2", "memcached"], "The value 'memcached' is invalid for '--l2 <l2>'"),
    ])
    func badFlagsExitTwo(arguments: [String], message: String) throws {
        let output = try BenchExecutable.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
    }

    #if !HTTPFederation
    @Test func httpFederationNeedsItsTrait() throws {
        let output = try BenchExecutable.run(["--group", "federation", "--transport", "http"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--transport http needs a build with HTTP federation"), "stderr: \(output.stderr)")
    }
    #endif

    /// Nothing listens on port 1: exit 4 before any benchmark, naming the URL but not its password.
    @Test func anUnreachablePostgresServerExitsFourWithoutThePassword() throws {
        let output = try BenchExecutable.run([
            "--backend", "postgres", "--postgres-url", "postgres://gatebench:s3cret@127.0.0.1:1/gatebench", "--group", "multi_tenancy",
        ])
        #expect(output.status == 4)
        #expect(output.stderr.contains("cannot connect to postgres://gatebench:***@127.0.0.1:1/gatebench"), "stderr: \(output.stderr)")
        #expect(!output.stderr.contains("s3cret") && output.stdout.isEmpty)
    }

    @Test func runsAGroupAndPrintsItsTable() throws {
        let output = try BenchExecutable.run(["--group", "harness", "--filter", "allocate"] + Self.quick)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("benchmark 'harness': 1 test"))
        #expect(output.stdout.contains("allocate_4096"))
        #expect(output.stdout.contains("4.0 KiB"))
    }

    @Test func savesJSONOnceAndRefusesToOverwrite() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.json").path
        let first = try BenchExecutable.run(["--group", "harness", "--filter", "empty$", "--json", path] + Self.quick)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        let machine = try #require(object["machine_info"] as? [String: Any])
        #expect(machine["build"] as? String == buildConfiguration)
        let second = try BenchExecutable.run(["--group", "harness", "--filter", "empty$", "--json", path] + Self.quick)
        #expect(second.status == 2)
        #expect(second.stderr.contains("already exists; pass --force to replace it"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == saved)
    }

    @Test func jsonFormatGoesToStdout() throws {
        let output = try BenchExecutable.run(["--group", "harness", "--filter", "empty$", "--format", "json"] + Self.quick)
        #expect(output.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect((object?["benchmarks"] as? [Any])?.count == 1)
    }

    @Test(.enabled(if: BenchExecutable.which("pytest-benchmark") != nil, "needs pytest-benchmark (pip install pytest-benchmark)"))
    func pytestBenchmarkReadsTheSavedRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-pytest-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.json").path
        let run = try BenchExecutable.run(["--group", "harness", "--json", path] + Self.quick)
        #expect(run.status == 0)
        let compare = try BenchExecutable.run(
            ["compare", path], executable: try #require(BenchExecutable.which("pytest-benchmark")))
        #expect(compare.status == 0, "pytest-benchmark: \(compare.stderr)")
        #expect(compare.stdout.contains("benchmark 'harness': 9 tests"))
        #expect(compare.stdout.contains("spin_10us"))
    }
}

#if DEBUG
let buildConfiguration = "debug"
#else
let buildConfiguration = "release"
#endif
