import Foundation
import Testing

/// `bench --save` and `bench --compare` end to end, with baselines edited to force each outcome.
struct CompareCommandTests {
    static let quick = ["--group", "harness", "--filter", "spin_10us", "--max-time", "0.05", "--warmup", "0.01", "--quiet"]

    /// A saved run of the quick selection, as a JSON object to edit.
    func savedRun(in directory: String) throws -> [String: Any] {
        let path = directory + "/base.json"
        let output = try BenchExecutable.run(Self.quick + ["--json", path])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func write(_ object: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    func temporaryDirectory() throws -> String { try BenchExecutable.temporaryDirectory("cmp") }

    @Test func aBaselineTwiceAsFastIsARegressionExitOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var run = try savedRun(in: directory)
        var benchmarks = try #require(run["benchmarks"] as? [[String: Any]])
        for index in benchmarks.indices {
            var stats = try #require(benchmarks[index]["stats"] as? [String: Any])
            for key in ["min", "max", "mean", "median", "q1", "q3"] { stats[key] = (stats[key] as? Double ?? 0) / 2 }
            stats["data"] = (stats["data"] as? [Double] ?? []).map { $0 / 2 }
            benchmarks[index]["stats"] = stats
        }
        run["benchmarks"] = benchmarks
        try write(run, to: directory + "/fast.json")
        let output = try BenchExecutable.run(Self.quick + ["--compare", directory + "/fast.json", "--format", "markdown"])
        #expect(output.status == 1, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("**REGRESSION: 1 slower, 0 faster, 0 inconclusive, 0 unchanged, 0 new, 0 removed**"))
        #expect(output.stdout.contains("[noise model]"), "one repetition a side is judged by the noise model")
        #expect(output.stderr.contains("HEAD is slower than BASE"))
    }

    @Test func aCorruptBaselineExitsTwoBeforeRunningAnything() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("{\"benchmarks\": [".utf8).write(to: URL(fileURLWithPath: directory + "/broken.json"))
        let output = try BenchExecutable.run(Self.quick + ["--compare", directory + "/broken.json"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("broken.json: not a gatebench run (not valid JSON"))
        #expect(output.stdout.isEmpty, "nothing was measured")
    }

    @Test func anIncompatibleBaselineSaysWhatDiffers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var run = try savedRun(in: directory)
        var machine = try #require(run["machine_info"] as? [String: Any])
        machine["build"] = buildConfiguration == "debug" ? "release" : "debug"
        run["machine_info"] = machine
        try write(run, to: directory + "/other-build.json")
        let output = try BenchExecutable.run(Self.quick + ["--compare", directory + "/other-build.json"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("was not made on this machine with these settings: build:"))
        #expect(output.stdout.isEmpty, "refused before measuring")
    }

    @Test func aRunFromAnotherHostIsRefusedUnlessAllowedAndThenNeverGated() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var run = try savedRun(in: directory)
        var machine = try #require(run["machine_info"] as? [String: Any])
        machine["node"] = "another-vm"
        run["machine_info"] = machine
        var benchmarks = try #require(run["benchmarks"] as? [[String: Any]])
        for index in benchmarks.indices {
            var stats = try #require(benchmarks[index]["stats"] as? [String: Any])
            stats["median"] = (stats["median"] as? Double ?? 0) / 2
            benchmarks[index]["stats"] = stats
        }
        run["benchmarks"] = benchmarks
        try write(run, to: directory + "/elsewhere.json")
        let refused = try BenchExecutable.run(["compare", directory + "/elsewhere.json", directory + "/base.json"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("host: another-vm vs"), "stderr: \(refused.stderr)")
        let allowed = try BenchExecutable.run(
            ["compare", directory + "/elsewhere.json", directory + "/base.json", "--allow-machine-mismatch"])
        #expect(allowed.status == 0, "stderr: \(allowed.stderr)")
        #expect(allowed.stdout.hasPrefix("NOT COMPARABLE (not gated): 1 slower"))
        #expect(allowed.stdout.contains("†"))
    }

    /// The committed baselines predate recorded settings: their waves differ only in the params.
    @Test func savedRunsOfOtherWavesAreRefused() throws {
        let output = try BenchExecutable.run(["compare", "Baselines/small.json", "Baselines/tiny.json"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("multi_tenancy/list_tools_unscoped: [seed=42,wave=small] vs [seed=42,wave=tiny]"), "stderr: \(output.stderr)")
    }

    @Test func savedRunsWithNothingInCommonCompareNothingAndExitTwo() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var run = try savedRun(in: directory)
        var benchmarks = try #require(run["benchmarks"] as? [[String: Any]])
        for index in benchmarks.indices { benchmarks[index]["name"] = "renamed_\(index)" }
        run["benchmarks"] = benchmarks
        try write(run, to: directory + "/renamed.json")
        let output = try BenchExecutable.run(["compare", directory + "/base.json", directory + "/renamed.json"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("nothing was compared"))
    }

    @Test func abRefusesAnUnknownRevisionWithGitsWordsBeforeBuilding() throws {
        let output = try BenchExecutable.run(["ab", "no-such-revision-xyz", "--group", "harness", "--quiet"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("unknown revision 'no-such-revision-xyz'"))
    }

    @Test func badThresholdsAndExistingBaselinesAreUsageErrors() throws {
        let bad = try BenchExecutable.run(Self.quick + ["--compare", "x", "--threshold", "0"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--threshold must be a percentage"))
        let missing = try BenchExecutable.run(Self.quick + ["--compare", "no-such-baseline"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Baselines/no-such-baseline.json: no such baseline"))
    }
}
