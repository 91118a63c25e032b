import Foundation
import Testing

/// `bench seed` end to end.
struct SeedCommandTests {
    @Test func seedsTinyThenReusesIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-seed-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try BenchExecutable.run(["seed", "--wave", "tiny", "--data-dir", directory, "--quiet"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("seeded in"))
        #expect(first.stdout.contains("users=1000"))
        let second = try BenchExecutable.run(["seed", "--wave", "tiny", "--data-dir", directory, "--quiet"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("reused (manifest and row counts verified)"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 1 && files[0].hasPrefix("tiny-seed42-v"))
    }

    @Test func unknownWaveExitsTwoWithTheValidOnes() throws {
        let output = try BenchExecutable.run(["seed", "--wave", "huge"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("'tiny', 'small', 'medium', 'large' or 'enterprise'"))
    }

    @Test func anUnwritableDataDirectoryExitsFour() throws {
        let output = try BenchExecutable.run(["seed", "--wave", "tiny", "--data-dir", "/proc/gatebench", "--quiet"])
        #expect(output.status == 4)
        #expect(output.stderr.contains("data directory '/proc/gatebench' is not writable"))
    }

    @Test func aWorkingSetTooLargeForTheMachineIsRefused() throws {
        let output = try BenchExecutable.run(["--group", "cache", "--filter", "working_set", "--cache-gb", "100000", "--quiet"])
        #expect(output.status == 4)
        #expect(output.stderr.contains("--cache-gb 100000.0 needs about"))
        #expect(output.stderr.contains("choose a smaller --cache-gb"))
    }

    @Test func serviceGroupsValidateOnTheTinyWave() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-run-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try BenchExecutable.run(
            ["--wave", "tiny", "--data-dir", directory, "--group", "multi_tenancy", "--group", "tool_service",
             "--max-time", "0.02", "--warmup", "0", "--min-rounds", "2", "--format", "json", "--quiet"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect((document?["benchmarks"] as? [Any])?.count == 7)
        let derived = (document?["derived"] as? [[String: Any]]) ?? []
        #expect(derived.map { $0["name"] as? String } == ["multi_tenancy_overhead", "multi_tenancy_overhead_paired"])
        #expect(derived.allSatisfy { ($0["value"] as? Double).map { $0.isFinite && $0 > -1 } ?? false }, "\(derived)")
    }
}
