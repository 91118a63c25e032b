import BenchCLI
import Foundation
import Testing

/// `scripts/floors/memory_latency.c`, the probe docs/l1-cache.md reads the working set against: it
/// builds warning-free, prints a latency for each region size and each stride, and a load from a
/// random line of 1 GiB takes longer than one from 1 MiB (so it measures dependent loads, which
/// the optimizer did not remove or overlap).
struct MemoryLatencyProbeTests {
    @Test(.enabled(if: HeartbeatFloorTests.compiler != nil, "no C compiler (cc or clang)"))
    func theProbePrintsEveryRowAndLargerRegionsAreSlower() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-probe-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let probe = directory + "/memory_latency"
        let source = HeartbeatFloorTests.root + "/scripts/floors/memory_latency.c"
        let built = ScriptRunner.run(HeartbeatFloorTests.compiler!, ["-O2", "-Wall", "-Werror", "-o", probe, source])
        #expect(built.status == 0, "\(built.stderr)")

        let run = ScriptRunner.run(probe, [])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").compactMap { line -> (label: Int, nanoseconds: Double)? in
            let fields = line.split(separator: " ")
            guard let label = fields.first.flatMap({ Int($0) }), let last = fields.last.flatMap({ Double($0) }) else { return nil }
            return (label, last)
        }
        #expect(rows.count == 12, "\(run.stdout)")
        #expect(rows.allSatisfy { $0.nanoseconds > 0 })
        let oneMiB = try #require(rows.first { $0.label == 1_024 }), oneGiB = try #require(rows.first { $0.label == 1_048_576 })
        #expect(oneGiB.nanoseconds > oneMiB.nanoseconds, "1 GiB \(oneGiB.nanoseconds) ns, 1 MiB \(oneMiB.nanoseconds) ns")
    }
}
