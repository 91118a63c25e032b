import Foundation
import Synchronization

/// `--profile alloc`: jemalloc's sampled allocation sites during each benchmark's measured rounds,
/// written as `<directory>/flamegraph-alloc-GROUP-BENCH.folded` (bytes allocated per stack) and `.svg`.
///
/// The process must run with `MALLOC_CONF` of `environment` (jemalloc reads it only at start-up):
/// profiling on but inactive, cumulative counts kept, one sample per 4 KiB allocated on average.
public final class AllocationProfileSession: Sendable {
    /// The `MALLOC_CONF` the process needs.
    public static let environment = "prof:true,prof_active:false,prof_accum:true,lg_prof_sample:12"

    private let directory: String
    private let replacing: Bool
    private let allocator: Jemalloc
    private let written = Mutex<[ProfileReport]>([])

    private func base(_ id: BenchmarkID) -> String { "\(directory)/flamegraph-alloc-\(id.group)-\(id.name)" }

    /// The files a profile of `id` writes.
    public func outputPaths(for id: BenchmarkID) -> [String] { [base(id) + ".folded", base(id) + ".svg"] }

    public init(directory: String, replacing: Bool, allocator: Jemalloc) {
        self.directory = directory
        self.replacing = replacing
        self.allocator = allocator
    }

    /// Fails with the fix when allocation profiling cannot run in this process.
    public static func checkAvailable(_ allocator: Jemalloc) throws(PerfRecorder.Unavailable) {
        guard allocator.isProfilingEnabled else {
            throw PerfRecorder.Unavailable(
                description: "jemalloc profiling is off; bench re-runs itself with MALLOC_CONF=\(environment) for --profile alloc")
        }
        guard PerfRecorder.which("jeprof") != nil else {
            throw PerfRecorder.Unavailable(description: "jeprof is missing; install it with: apt-get install -y libjemalloc-dev")
        }
    }

    public var reports: [ProfileReport] { written.withLock { $0 } }

    public var hooks: MeasurementHooks {
        MeasurementHooks(
            willMeasure: { [self] _ in
                allocator.resetProfile()
                allocator.setProfilingActive(true)
            },
            didMeasure: { [self] id in
                allocator.setProfilingActive(false)
                try write(id)
            })
    }

    private func write(_ id: BenchmarkID) throws {
        let started = ContinuousClock.now
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = base(id)
        let heap = base + ".heap"
        guard allocator.dumpProfile(to: heap) else {
            throw PerfRecorder.Unavailable(description: "jemalloc could not write its profile to \(heap)")
        }
        defer { try? FileManager.default.removeItem(atPath: heap) }
        let stacks = try Self.collapse(heap).demangled()
        try AtomicFile.write(Data(stacks.text.utf8), to: base + ".folded", replacing: replacing)
        try AtomicFile.write(
            Data(FlameGraph(title: "\(id.fullname): bytes allocated (sampled)", stacks: stacks).svg.utf8),
            to: base + ".svg", replacing: replacing)
        let seconds = (ContinuousClock.now - started).inSeconds
        written.withLock {
            $0.append(
                ProfileReport(
                    folded: base + ".folded", svg: base + ".svg", samples: stacks.total, unit: "bytes allocated (sampled)",
                    secondsToProduce: seconds))
        }
    }

    /// `jeprof --collapsed --alloc_space`: bytes allocated per stack, symbolized against this executable.
    static func collapse(_ heap: String) throws -> FoldedStacks {
        guard let text = commandOutput("jeprof", ["--collapsed", "--alloc_space", "/proc/\(getpid())/exe", heap]) else {
            throw PerfRecorder.Unavailable(description: "jeprof failed on \(heap); install it with: apt-get install -y libjemalloc-dev")
        }
        let stacks: FoldedStacks
        do {
            stacks = try FoldedStacks(folded: text)
        } catch {
            throw PerfRecorder.Unavailable(description: "jeprof's output for \(heap): \(error)")
        }
        // jeprof appends each frame's address, `name<00000000000a1b2c>`; identical names must merge.
        var merged = FoldedStacks()
        for (stack, bytes) in stacks.counts {
            merged.counts[stack.map { $0.replacing(/<[0-9a-f]+>$/, with: "") }, default: 0] += bytes
        }
        return merged
    }
}
