import Foundation
import Synchronization

/// `--profile cpu`: perf samples of each benchmark's measured rounds, written as
/// `<directory>/flamegraph-GROUP-BENCH.folded` (demangled) and `.svg`.
public final class CPUProfileSession: Sendable {
    private let directory: String
    private let frequency: Int
    private let replacing: Bool
    /// `@unchecked`: the recorder is touched only by the runner's hooks, one benchmark at a time.
    private final class Current: @unchecked Sendable {
        var recorder: PerfRecorder?
    }
    private let current = Current()
    private let written = Mutex<[ProfileReport]>([])

    public init(directory: String, frequency: Int, replacing: Bool) {
        self.directory = directory
        self.frequency = frequency
        self.replacing = replacing
    }

    /// The reports written so far.
    public var reports: [ProfileReport] { written.withLock { $0 } }

    /// Hooks that start perf before the measured rounds and turn the samples into reports after.
    public var hooks: MeasurementHooks {
        MeasurementHooks(willMeasure: { [self] id in try start(id) }, didMeasure: { [self] id in try finish(id) })
    }

    private func base(_ id: BenchmarkID) -> String { "\(directory)/flamegraph-\(id.group)-\(id.name)" }

    /// The files a profile of `id` writes.
    public func outputPaths(for id: BenchmarkID) -> [String] { [base(id) + ".folded", base(id) + ".svg"] }

    private func start(_ id: BenchmarkID) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let recorder = try PerfRecorder(outputPath: base(id) + ".perf.data", frequency: frequency)
        try recorder.enable()
        current.recorder = recorder
    }

    private func finish(_ id: BenchmarkID) throws {
        guard let recorder = current.recorder else { return }
        try recorder.disable()
        current.recorder = nil
        let started = ContinuousClock.now
        try recorder.finish()
        let script = try Self.perfScript(recorder.outputPath)
        let stacks = FoldedStacks(perfScript: script).demangled()
        let folded = base(id) + ".folded", svg = base(id) + ".svg"
        try AtomicFile.write(Data(stacks.text.utf8), to: folded, replacing: replacing)
        try AtomicFile.write(
            Data(FlameGraph(title: "\(id.fullname): \(stacks.total) samples", stacks: stacks).svg.utf8), to: svg,
            replacing: replacing)
        try? FileManager.default.removeItem(atPath: recorder.outputPath)
        let seconds = (ContinuousClock.now - started).inSeconds
        written.withLock {
            $0.append(ProfileReport(folded: folded, svg: svg, samples: stacks.total, unit: "samples", secondsToProduce: seconds))
        }
    }

    /// `perf script` of a data file.
    static func perfScript(_ path: String) throws -> String {
        guard let text = commandOutput("perf", ["script", "-i", path]) else {
            throw PerfRecorder.Unavailable(description: "perf script failed on \(path); install perf with: apt-get install -y linux-perf")
        }
        return text
    }
}
