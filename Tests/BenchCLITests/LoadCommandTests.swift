import Foundation
import Testing

/// `bench load`: bad input is refused before anything runs; a run prints, saves and gates.
struct LoadCommandTests {
    @Test func anUnknownScenarioListsTheBuiltInOnes() throws {
        let output = try BenchExecutable.run(["load", "--scenario", "no-such-scenario"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("default-mix"), "stderr: \(output.stderr)")
        #expect(output.stderr.contains("heartbeat-fleet"))
    }

    @Test func aBadScenarioFileNamesItsLineAndField() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-bad-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "name: bad\nmix:\n  teleport: 1\nphases:\n  - {duration: 1s, rate: 1}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let output = try BenchExecutable.run(["load", "--scenario", path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(path):3: mix.teleport: unknown operation"), "stderr: \(output.stderr)")
    }

    @Test(arguments: [
        ["--duration-scale", "0"], ["--duration-scale", "-1"], ["--duration-scale", "nan"], ["--duration-scale", "1e9"],
        ["--duration", "0s"], ["--duration", "31d"], ["--duration", "forever"], ["--hgrm-dir", "/etc/hostname/x"],
        ["--backend", "mysql"], ["--postgres-url", "postgres://h/db"], ["--backend", "postgres", "--postgres-url", "http://h/db"],
        ["--pool-size", "4"], ["--backend", "postgres", "--pool-size", "0"], ["--backend", "postgres", "--pool-size", "x"],
    ])
    func anOutOfRangeFlagIsAUsageErrorBeforeAnythingRuns(flags: [String]) throws {
        let output = try BenchExecutable.run(["load", "--scenario", "default-mix"] + flags)
        #expect(output.status == 2, "stderr: \(output.stderr)")
    }

    /// An unreachable server is exit 4 before any phase runs, naming the URL without its password.
    @Test func anUnreachablePostgresServerIsAnEnvironmentError() throws {
        let output = try BenchExecutable.run(
            ["load", "--scenario", "default-mix", "--wave", "tiny", "--backend", "postgres",
             "--postgres-url", "postgres://u:secret@127.0.0.1:1/db?connect_timeout=2"])
        #expect(output.status == 4, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("127.0.0.1:1") && !output.stderr.contains("secret"), "stderr: \(output.stderr)")
        #expect(!output.stdout.contains("phase"))
    }

    @Test func aRunPrintsSavesAndExitsOneWhenAnAssertionFails() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-load-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            name: quick
            workers: 2
            mix: {noop: 1}
            phases: [{name: only, duration: 400ms, rate: 500}]
            assertions: ["dropped == 0", "throughput > 1000000"]
            """.write(toFile: directory + "/quick.yaml", atomically: true, encoding: .utf8)
        let output = try BenchExecutable.run(
            ["load", "--scenario", directory + "/quick.yaml", "--wave", "tiny", "--data-dir", directory, "--json", directory + "/load.json", "--quiet"])
        #expect(output.status == 1, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("PASS dropped == 0"))
        #expect(output.stdout.contains("FAIL throughput > 1000000"))
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/load.json"))) as? [String: Any]
        let phases = try #require(saved?["phases"] as? [[String: Any]])
        #expect(phases.first?["scheduled"] as? Int == 200)
    }

    @Test func sigintReportsThePhasesRunSoFarMarkedInterrupted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-load-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            name: long
            mix: {noop: 1}
            phases: [{name: first, duration: 60s, rate: 100}, {name: second, duration: 60s, users: 2}]
            assertions: ["dropped == 0"]
            """.write(toFile: directory + "/long.yaml", atomically: true, encoding: .utf8)
        let seeded = try BenchExecutable.run(["seed", "--wave", "tiny", "--data-dir", directory, "--quiet"])
        #expect(seeded.status == 0)
        let bench = try BenchExecutable.start(
            ["load", "--scenario", directory + "/long.yaml", "--wave", "tiny", "--data-dir", directory, "--json", directory + "/load.json"])
        let process = bench.process
        sleep(2)
        kill(process.processIdentifier, SIGINT)
        let output = bench.finish()
        let printed = output.stdout
        #expect(output.status == 130)
        #expect(printed.contains("INTERRUPTED"), "stdout: \(printed)")
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/load.json"))) as? [String: Any]
        #expect(saved?["interrupted"] as? Bool == true)
        #expect((saved?["phases"] as? [[String: Any]])?.map { $0["name"] as? String } == ["first"])
        let scratch = ((try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? [])
            .filter { $0.hasPrefix("gatebench-scratch-load-\(process.processIdentifier)-") }
        #expect(scratch.isEmpty, "the scratch copy is removed")
    }
}
