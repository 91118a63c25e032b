import ArgumentParser
import Foundation
import GateBench
import GatePostgres
import GateBenchmarks
import GatewayService

/// `bench noise`: A/A pairs of this very binary, to measure this machine's run-to-run noise.
struct Noise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure this machine's run-to-run noise: A/A pairs of this build's processes, per benchmark.",
        discussion: """
            Saves a profile under DATA-DIR/noise/ keyed by the machine and settings; `bench ab` plans its \
            repetitions from it and `bench compare` uses it for runs with too few repetitions. Selection as for `ab`.
            """)

    @OptionGroup var measurement: MeasurementOptions

    @Option(help: "Pairs of processes per benchmark.")
    var repetitions: Int = 12

    @Option(help: "Changes smaller than this many percent do not matter (for the A/A verdict column).")
    var threshold: Double = 3

    @Option(help: "Seed of the random pair orders (drawn at random and printed when omitted).")
    var orderSeed: UInt64?

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        guard (6...1_000).contains(repetitions) else { throw ValidationError("--repetitions must be 6...1000.") }
        guard threshold > 0, threshold < 100 else { throw ValidationError("--threshold must be a percentage in (0, 100).") }
    }

    func run() async throws {
        InterruptGuard.install()
        // Resolved first (a bad URL fails before any build); the children read its URL from the environment.
        let servers = try EngineServers(measurement)
        defer { servers.stop() }
        PairedRuns.announceMachineNoiseSources()
        if BuildConfiguration.current == .debug && !quiet {
            FileHandle.standardError.write(Data((BuildConfiguration.debugBanner + "\n").utf8))
        }
        let progress = ProgressLine(quiet: quiet)
        let root = (measurement.dataDir.hasPrefix("/") ? "" : FileManager.default.currentDirectoryPath + "/") + measurement.dataDir + "/ab"
        let scratch = try ScratchDirectory(under: root)
        defer { scratch.remove() }
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let one = BenchBinary(path: path, side: "A"), other = BenchBinary(path: path, side: "A'")
        let keys = try one.repeatable(measurement.selectionArguments, backend: measurement.backendArguments)
        try one.seed(measurement.seedArguments)
        let timing = measurement.timing(or: MeasurementOptions.repetitionTiming)
        let seed = orderSeed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let started = Date()
        let outcome = await PairedRuns(
            base: one, head: other, keys: keys, childArguments: measurement.childArguments(timing),
            plan: .init(initialPairs: repetitions, maxPairs: repetitions, budgetSeconds: 0), threshold: threshold / 100,
            thresholdOverrides: [:], pairedNoise: [:], orderSeed: seed, scratch: scratch.path, progress: progress
        ).run()
        progress.clear()
        if case .failed(let error) = outcome.stop {
            throw error as? CommandFailure ?? CommandFailure(status: .benchmarkFailed, message: String(describing: error))
        }
        let report = ChangeReport(series: outcome.series, threshold: threshold / 100)
        let fingerprint = measurement.fingerprint(timing, build: BuildConfiguration.current)
        let profile = NoiseProfile(fingerprint: fingerprint, series: outcome.series, alpha: report.policy.alpha)
        print(table(profile, report))
        do {
            try profile.save(dataDirectory: measurement.dataDir)
        } catch {
            throw CommandFailure(status: .environment, message: error.description)
        }
        FileHandle.standardError.write(Data((
            "\(outcome.pairs) pairs in \(Int(Date().timeIntervalSince(started))) s, order seed \(seed); profile saved to "
                + NoiseProfile.path(for: fingerprint, dataDirectory: measurement.dataDir) + "\n").utf8))
    }

    private func table(_ profile: NoiseProfile, _ report: ChangeReport) -> String {
        let verdicts = Dictionary(report.rows.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let header = ["Benchmark", "Pairs", "Process CV", "Paired SD", "Detects ≥", "A/A change", "A/A verdict"]
        let rows = profile.entries.map { entry -> [String] in
            let row = verdicts[entry.key]
            return [
                entry.key.description, String(entry.pairs), percent(entry.repetitionNoise), percent(entry.pairedNoise),
                percent(entry.detectableChange), row?.estimate.map { percent($0.change, signed: true) } ?? "-",
                row?.verdict.rawValue ?? "-",
            ]
        }
        let line = AlignedColumns(header: header, rows: rows, leftAligned: [0, header.count - 1]).line
        return ([line(header), String(repeating: "-", count: line(header).count)] + rows.map(line)).joined(separator: "\n")
            + "\nProcess CV: robust SD of log medians between processes. Paired SD: of back-to-back differences. "
            + "Detects ≥: the change `bench ab` finds ~80 % of the time with this many pairs, at the suite's "
            + "Bonferroni level (\(report.policy.comparisons) benchmarks)."
    }

    private func percent(_ fraction: Double, signed: Bool = false) -> String {
        (signed && fraction >= 0 ? "+" : "") + String(format: "%.2f %%", fraction * 100)
    }
}
