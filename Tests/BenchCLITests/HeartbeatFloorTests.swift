import BenchCLI
import Foundation
import Testing

/// `scripts/floors/heartbeat_floor.c`, the C floor of `heartbeat/heartbeat_update`: it builds with
/// the system's C compiler against libsqlite3, does the heartbeats (it checks every one: the agent
/// read, exactly one row updated) and prints a time per heartbeat.
struct HeartbeatFloorTests {
    static let root = FileManager.default.currentDirectoryPath
    static var compiler: String? {
        ProcessInfo.processInfo.environment["CC"] ?? (BenchExecutable.which("cc") ?? BenchExecutable.which("clang"))?.path
    }

    @Test(.enabled(if: compiler != nil, "no C compiler (cc or clang)"))
    func theFloorBuildsRunsAndChecksItsWork() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-floor-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let floor = directory + "/heartbeat_floor"
        let built = ScriptRunner.run(Self.compiler!, ["-O2", "-Wall", "-Werror", "-o", floor, Self.root + "/scripts/floors/heartbeat_floor.c", "-lsqlite3"])
        #expect(built.status == 0, "\(built.stderr)")

        let seeded = try BenchExecutable.run(["seed", "--wave", "tiny", "--data-dir", directory, "--quiet"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let wave = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".sqlite") })
        for variant in [[], ["nocheckpoint"]] {
            let run = ScriptRunner.run(floor, ["\(directory)/\(wave)", "0.2"] + variant)
            #expect(run.status == 0, "\(run.stderr)")
            let nanoseconds = Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            #expect(nanoseconds > 100, "a heartbeat took \(nanoseconds) ns")
        }
        #expect(ScriptRunner.run(floor, ["\(directory)/\(wave)"]).status == 2, "usage")
        #expect(ScriptRunner.run(floor, ["\(directory)/\(wave)", "1", "sometimes"]).status == 2, "usage")
        #expect(ScriptRunner.run(floor, ["\(directory)/missing/x.sqlite", "0.1"]).status == 1, "an unopenable file")
    }
}
