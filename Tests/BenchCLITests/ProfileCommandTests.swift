import Foundation
import Testing

/// True when `perf record` works here (installed, permitted, not blocked by a container's seccomp).
let perfRecords: Bool = {
    guard let perf = BenchExecutable.which("perf") else { return false }
    let probe = try? BenchExecutable.run(["record", "-e", "cpu-clock", "-o", "/dev/null", "--quiet", "true"], executable: perf)
    return probe?.status == 0
}()

/// `bench --profile cpu` and `bench flamegraph diff` end to end.
struct ProfileCommandTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-prof-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(.enabled(if: perfRecords, "needs perf (apt-get install linux-perf) and permission to record"))
    func profilesOnlyTheMeasuredRoundsIntoFoldedStacksAndSVG() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try BenchExecutable.run(
            ["--group", "harness", "--filter", "spin", "--profile", "cpu", "--reports-dir", directory, "--max-time", "0.3",
             "--warmup", "0", "--quiet"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("profile: \(directory)/flamegraph-harness-spin_10us.svg"))
        let folded = try String(contentsOfFile: directory + "/flamegraph-harness-spin_10us.folded", encoding: .utf8)
        #expect(folded.contains("spin"), "the measured body is in the stacks")
        #expect(!folded.contains("parseAsRoot"), "nothing from before the measured rounds")
        #expect(FileManager.default.fileExists(atPath: directory + "/flamegraph-harness-spin_10us.svg"))
    }

    @Test func profilingAnUnknownBenchmarkExitsTwoWithTheNames() throws {
        let output = try BenchExecutable.run(["--group", "harness", "--filter", "nothing", "--profile", "cpu"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("benchmarks: harness/empty"))
    }

    @Test func diffWritesADifferentialFlameGraph() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "main;a 5\nmain;b 5\n".write(toFile: directory + "/a.folded", atomically: true, encoding: .utf8)
        try "main;a 2\nmain;b 8\n".write(toFile: directory + "/b.folded", atomically: true, encoding: .utf8)
        let output = try BenchExecutable.run(
            ["flamegraph", "diff", directory + "/a.folded", directory + "/b.folded", "--output", directory + "/d.svg"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let svg = try String(contentsOfFile: directory + "/d.svg", encoding: .utf8)
        #expect(svg.contains("b (8 samples, 80.00%, +30.00 points)"))
        let again = try BenchExecutable.run(
            ["flamegraph", "diff", directory + "/a.folded", directory + "/b.folded", "--output", directory + "/d.svg"])
        #expect(again.status == 2, "no silent overwrite")
        let missing = try BenchExecutable.run(["flamegraph", "diff", directory + "/none.folded", directory + "/b.folded"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.folded: cannot read folded stacks"))
    }
}

struct AllocationProfileCommandTests {
    @Test(.enabled(if: BenchExecutable.which("jeprof") != nil, "needs jeprof (apt-get install libjemalloc-dev)"))
    func profilesTheAllocationSitesOfTheMeasuredRounds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-alloc-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try BenchExecutable.run(
            ["--group", "harness", "--filter", "allocate", "--profile", "alloc", "--reports-dir", directory,
             "--max-time", "0.2", "--warmup", "0", "--quiet"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("bytes allocated (sampled)"))
        let folded = try String(contentsOfFile: directory + "/flamegraph-alloc-harness-allocate_4096.folded", encoding: .utf8)
        #expect(folded.contains("Runner.timedRound"), "allocations of the measured rounds")
        #expect(!folded.contains("<0000"), "addresses are stripped")
    }
}
