import ArgumentParser
import Foundation
import GateBench
import GatePostgres
import GateBenchmarks
import GatewayService

/// `bench ab BASE [HEAD]`: two builds of this package compared on this machine, in one command.
struct AB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ab",
        abstract: "Compare two revisions on this machine: release builds, alternating processes, repetitions as the unit.",
        discussion: """
            Each side is built in release in its own worktree under DATA-DIR/ab (reused while its source tree \
            is unchanged). Every benchmark then runs as separate processes in pairs (BASE and HEAD back to back, \
            order random), --repetitions pairs first and more for inconclusive benchmarks until --max-repetitions \
            or --budget. Without --group/--filter: every benchmark but the harness group and heartbeat_storm.
            Exit status: 0 no regression, 1 regression, 2 usage, unknown revision, failed build or nothing in \
            common, 3 a benchmark failed, 4 environment, 130 interrupted (partial results are printed).
            """)

    @Argument(help: "The base revision: a commit, branch or tag (committed; '.' means HEAD if the working tree is clean).")
    var base: String

    @Argument(help: "The head revision; the working tree, committed or not, when omitted.")
    var head: String?

    @OptionGroup var measurement: MeasurementOptions

    @OptionGroup var verdict: VerdictOptions

    @Option(help: "Pairs of processes per benchmark before judging.")
    var repetitions: Int = 10

    @Option(help: "Most pairs per benchmark: inconclusive benchmarks get half as many again per look, up to this.")
    var maxRepetitions: Int = 60

    @Option(help: "Seconds after which no more pairs beyond --repetitions are started.")
    var budget: Double = 240

    @Option(help: "Seed of the random pair orders (drawn at random and printed when omitted).")
    var orderSeed: UInt64?

    @Option(help: "How the comparison is printed on stdout.")
    var format: OutputFormat = .table

    @Option(help: "Also save the comparison (verdicts and every repetition's figures) as JSON at this path.")
    var json: String?

    @Option(help: "Also write the comparison as an HTML report (a forest plot of the changes) at this path.")
    var report: String?

    @Flag(help: "Replace an existing --json or --report file.")
    var force = false

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        guard (1...1_000).contains(repetitions) else { throw ValidationError("--repetitions must be 1...1000.") }
        guard (repetitions...1_000).contains(maxRepetitions) else {
            throw ValidationError("--max-repetitions must be from --repetitions (\(repetitions)) to 1000.")
        }
        guard budget >= 0, budget <= 604_800 else { throw ValidationError("--budget must be 0...604800 seconds.") }
        try checkOutputPath(json, force: force)
        try checkOutputPath(report, force: force)
    }

    func run() async throws {
        InterruptGuard.install()
        // Resolved first (a bad URL fails before any build); the children read its URL from the environment.
        let servers = try EngineServers(measurement)
        defer { servers.stop() }
        PairedRuns.announceMachineNoiseSources()
        let progress = ProgressLine(quiet: quiet)
        let builds = try RevisionBuilds(dataDirectory: measurement.dataDir)
        let scratch = try ScratchDirectory(under: builds.root)
        defer { scratch.remove() }
        let baseRevision = try resolveBase(builds)
        let headRevision = try head.map { try builds.resolve($0) } ?? builds.workingTree(scratch: scratch.path)
        let note: (String) -> Void = { text in progress.update(text) }
        let baseBinary = BenchBinary(path: try builds.binary(for: baseRevision, slot: "base", note: note), side: "BASE")
        let headBinary = BenchBinary(path: try builds.binary(for: headRevision, slot: "head", note: note), side: "HEAD")
        progress.clear()

        let selection = measurement.selectionArguments
        let backend = measurement.backendArguments
        let baseKeys = try baseBinary.repeatable(selection, backend: backend)
        let headKeys = try headBinary.repeatable(selection, backend: backend)
        let both = headKeys.filter { baseKeys.contains($0) }
        let onlyHead = headKeys.filter { !baseKeys.contains($0) }
        let onlyBase = baseKeys.filter { !headKeys.contains($0) }
        let timing = measurement.timing(or: MeasurementOptions.repetitionTiming)
        progress.update("seeding \(measurement.wave.rawValue)")
        try headBinary.seed(measurement.seedArguments)
        try baseBinary.seed(measurement.seedArguments)

        let fingerprint = measurement.fingerprint(timing, build: .release)
        let noise = NoiseProfile.load(for: fingerprint, dataDirectory: measurement.dataDir)
        let seed = orderSeed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let suite = BenchSuite.current.make(measurement.suiteOptions(postgres: servers.postgresURL, l2: servers.redisURL))
        let started = Date()
        let plan = SequentialComparison.Plan(initialPairs: repetitions, maxPairs: maxRepetitions, budgetSeconds: budget)
        let outcome = await PairedRuns(
            base: baseBinary, head: headBinary, keys: both, childArguments: measurement.childArguments(timing),
            plan: plan,
            threshold: verdict.thresholdFraction, thresholdOverrides: suite.thresholdOverrides,
            pairedNoise: noise?.pairedNoise ?? [:], orderSeed: seed, scratch: scratch.path, progress: progress
        ).run()
        progress.clear()

        let report = ChangeReport(
            series: outcome.series, threshold: verdict.thresholdFraction, thresholdOverrides: suite.thresholdOverrides,
            added: onlyHead, removed: onlyBase, looks: plan.looks().count)
        let seconds = Int(Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data((
            "BASE \(baseRevision.label) (\(baseRevision.commit.prefix(10))) vs HEAD \(headRevision.label) "
                + "(\(headRevision.commit.prefix(10))): \(outcome.pairs) pairs of processes in \(seconds) s, "
                + "order seed \(seed)\(noise == nil ? "; no noise profile for these settings (bench noise)" : "")\n").utf8))
        try ComparisonOutput(format: format, jsonPath: json, force: force).emit(report)
        if let reportPath = self.report {
            try writeReport(
                .comparison(report), title: "gatebench ab", source: "\(baseRevision.label) vs \(headRevision.label)", to: reportPath,
                replacing: force)
        }
        switch outcome.stop {
        case .failed(let error):
            if let failure = error as? CommandFailure { throw failure }
            throw CommandFailure(status: .benchmarkFailed, message: String(describing: error))
        case .budget:
            FileHandle.standardError.write(
                Data("note: the --budget of \(Int(budget)) s ended the extra pairs; inconclusive rows may need more.\n".utf8))
        case nil:
            break
        }
        try ComparisonOutput.check(report)
    }

    private func resolveBase(_ builds: RevisionBuilds) throws -> RevisionBuilds.Revision {
        guard base == "." else { return try builds.resolve(base) }
        if try builds.workingTreeIsDirty() {
            throw CommandFailure(
                status: .usage,
                message: "BASE must be committed: the working tree has uncommitted changes (commit or stash them, or name a revision)")
        }
        return try builds.resolve("HEAD")
    }
}
