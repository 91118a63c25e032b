import Foundation
import GateBench

/// A release `bench` binary (a revision's, or this one) driven as child processes: each
/// repetition of a benchmark is its own process, so process-level effects are sampled, not frozen.
struct BenchBinary {
    let path: String
    /// Which side it is, for messages (`BASE`, `HEAD`).
    let side: String

    /// The benchmark keys this binary selects with `selection` (and `backend`: `--backend` when not the default).
    func list(_ selection: [String], backend: [String] = []) throws -> [BenchmarkKey] {
        let result = try ChildProcess.run(path, ["run", "--list"] + selection + backend)
        guard result.status == 0 else { throw failure(result, doing: "listing its benchmarks") }
        return result.stdout.split(separator: "\n").compactMap { line in
            let name = line.split(separator: "[", maxSplits: 1)[0]
            let parts = name.split(separator: "/", maxSplits: 1)
            return parts.count == 2 ? BenchmarkKey(group: String(parts[0]), name: String(parts[1])) : nil
        }
    }

    /// The benchmarks `ab` and `noise` repeat: those `selection` picks or, without a selection,
    /// every one but the harness group and heartbeat_storm (an open-loop load with a saturation search: about a minute per process).
    func repeatable(_ selection: [String], backend: [String] = []) throws -> [BenchmarkKey] {
        try list(selection, backend: backend).filter { !selection.isEmpty || $0.group != "harness" && $0.name != "heartbeat_storm" }
    }

    /// Seeds (or verifies) the wave's database before any measuring.
    func seed(_ arguments: [String]) throws {
        let result = try ChildProcess.run(path, ["seed", "--quiet"] + arguments)
        guard result.status == 0 else { throw failure(result, doing: "seeding") }
    }

    /// One repetition of `key`: a process measuring only it, its result read from its saved run.
    func measure(_ key: BenchmarkKey, arguments: [String], scratch: String) throws -> RepetitionSample {
        let output = "\(scratch)/\(side)-\(key.group)-\(key.name)-\(UUID().uuidString.prefix(8)).json"
        defer { unlink(output) }
        let result = try ChildProcess.run(
            path, ["run", "--filter", "^\(key.group)/\(key.name)$", "--json", output, "--quiet"] + arguments)
        guard result.status == 0 else { throw failure(result, doing: "measuring \(key)") }
        let document: RunDocument
        do {
            document = try BaselineFile.load(output)
        } catch {
            throw CommandFailure(status: .benchmarkFailed, message: "\(side) measuring \(key): \(error.description)")
        }
        guard let record = document.benchmarks.first(where: { $0.group == key.group && $0.name == key.name }) else {
            throw CommandFailure(status: .benchmarkFailed, message: "\(side) measuring \(key): no result in its saved run")
        }
        return RepetitionSample(record)
    }

    private func failure(_ result: ChildProcess.Result, doing what: String) -> CommandFailure {
        if result.signalled || InterruptGuard.isInterrupted {
            return CommandFailure(status: .interrupted, message: "interrupted while \(side) was \(what)")
        }
        let status = ExitStatus(rawValue: result.status) ?? .benchmarkFailed
        return CommandFailure(
            status: status == .ok || status == .regression ? .benchmarkFailed : status,
            message: "\(side) (\(path)) failed \(what), exit \(result.status):\n\(result.tail())")
    }
}
