import Foundation
import GateBench

/// Runs and files shaped like the real ones, for the report's tests.
enum Fixtures {
    /// A run of one benchmark at `commit`, with `medianNanoseconds` as every round's time.
    static func run(
        commit: String, commitTime: String, medianNanoseconds: UInt64, host: String = "vm", wave: String = "small",
        name: String = "user_team_ids", datetime: Date = Date(timeIntervalSince1970: 1_700_000_000)
    ) -> RunDocument {
        let rounds = (0..<20).map { medianNanoseconds + UInt64($0 % 5) * medianNanoseconds / 100 }
        let result = BenchmarkResult(
            id: BenchmarkID(group: "multi_tenancy", name: name, params: ["wave": wave]), iterations: 1, warmupRounds: 2,
            roundNanoseconds: rounds, allocator: AllocatorDelta(allocations: 40, bytesAllocated: 4_000, bytesFreed: 4_000, iterations: 1),
            peakResidentBytes: 1 << 20, extraInfo: [:])
        var machine = MachineInfo.current(
            clock: ClockCharacteristics(resolutionNanoseconds: 1, readOverheadNanoseconds: 20), jemallocVersion: "5.3.0")
        machine.node = host
        return RunDocument(
            machineInfo: machine, commitInfo: CommitInfo(id: commit, time: commitTime, dirty: false, project: "gatebench", branch: "main"),
            benchmarks: [BenchmarkRecord(result, mode: .automatic, configuration: RunnerConfiguration())],
            settings: ["wave": wave], date: datetime)
    }

    /// A fresh directory for one test.
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
