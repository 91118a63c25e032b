import Foundation
import Testing

/// Scratch data is removed on SIGINT and after dead runs; an unusable data directory is one early error.
struct ScratchDataTests {
    static let tiny = ["--wave", "tiny", "--max-time", "0.02", "--warmup", "0.005", "--quiet"]

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-test-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func scratchEntries(of pid: Int32) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? [])
            .filter { $0.hasPrefix("gatebench-scratch-") && $0.split(separator: "-").count > 3 && $0.split(separator: "-")[3] == "\(pid)" }
    }

    @Test func aDataDirectoryUnderAFileFailsOnceWithExitFour() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/file", contents: Data("x".utf8))
        let output = try BenchExecutable.run(
            ["--group", "multi_tenancy", "--data-dir", directory + "/file/data"] + Self.tiny)
        #expect(output.status == 4)
        #expect(output.stderr.contains("'\(directory)/file' is a file"), "stderr: \(output.stderr)")
        #expect(output.stderr.components(separatedBy: "Error:").count == 2, "one error, not one per benchmark")
        #expect(!output.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func scratchOfDeadRunsIsRemovedAtStartUp() throws {
        let stale = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-scratch-test-2147483646-x").path
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        let output = try BenchExecutable.run(["--group", "harness", "--filter", "allocate"] + Self.tiny)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    @Test func sigintRemovesScratchDataAndExits130() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let seeded = try BenchExecutable.run(["seed", "--wave", "tiny", "--data-dir", directory, "--quiet"])
        #expect(seeded.status == 0)
        let bench = try BenchExecutable.start(
            ["--group", "heartbeat", "--filter", "heartbeat_update", "--wave", "tiny", "--data-dir", directory, "--max-time", "30", "--quiet"])
        let process = bench.process
        var waited = 0
        while scratchEntries(of: process.processIdentifier).isEmpty && waited < 200 {
            usleep(50_000)
            waited += 1
        }
        #expect(!scratchEntries(of: process.processIdentifier).isEmpty, "the writer's scratch copy exists while it runs")
        kill(process.processIdentifier, SIGINT)
        #expect(bench.finish().status == 130)
        #expect(scratchEntries(of: process.processIdentifier).isEmpty)
    }

    @Test func sigintReportsAndSavesTheBenchmarksThatFinished() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let seeded = try BenchExecutable.run(["seed", "--wave", "tiny", "--data-dir", directory, "--quiet"])
        #expect(seeded.status == 0)
        // heartbeat_update finishes quickly; the storm then runs for a minute on its own scratch copy.
        let bench = try BenchExecutable.start(
            ["--group", "heartbeat", "--wave", "tiny", "--data-dir", directory, "--max-time", "0.05", "--warmup", "0.01",
             "--duration", "60", "--json", directory + "/run.json", "--quiet"])
        let process = bench.process
        var seen: Set<String> = []
        var waited = 0
        while seen.count < 2 && waited < 600 {
            seen.formUnion(scratchEntries(of: process.processIdentifier))
            usleep(50_000)
            waited += 1
        }
        #expect(seen.count == 2, "the storm's own scratch copy appeared after heartbeat_update's")
        kill(process.processIdentifier, SIGINT)
        let output = bench.finish()
        let (printed, errors) = (output.stdout, output.stderr)
        #expect(output.status == 130)
        #expect(printed.contains("heartbeat_update"), "stdout: \(printed)")
        #expect(!printed.contains("heartbeat_storm"))
        #expect(errors.contains("reporting the 1 benchmark(s) that finished"), "stderr: \(errors)")
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/run.json")))
        let benchmarks = try #require((saved as? [String: Any])?["benchmarks"] as? [[String: Any]])
        #expect(benchmarks.map { $0["name"] as? String } == ["heartbeat_update"])
    }
}
