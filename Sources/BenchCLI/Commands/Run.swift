import ArgumentParser
import Foundation
import GateBench
import GateBenchReport
import GateBenchmarks
import GatePostgres
import GateRedis
import GatewayPostgres
import GatewayService

/// `bench [run]`: select benchmarks, measure them, report.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run benchmarks (the default subcommand).")

    @Flag(help: "List the selected benchmarks and exit.")
    var list = false

    @OptionGroup var measurement: MeasurementOptions

    @Option(help: "Also save the run as pytest-benchmark-compatible JSON at this path.")
    var json: String?

    @Flag(help: "Replace an existing --json file.")
    var force = false

    @Option(help: "Save the run as Baselines/NAME.json (never over an existing file without --force) and add it to the run history.")
    var save: String?

    @Option(help: "Also write an HTML report of the run (tables, distributions, ramps, flame graph links) at this path.")
    var report: String?

    @Option(help: "The run history --save adds to.")
    var history: String = RunHistory.defaultPath

    @Option(help: "Compare with a saved run made on this machine: a NAME in Baselines/ or a PATH (one repetition a side: see `bench ab`).")
    var compare: String?

    @OptionGroup var verdict: VerdictOptions

    @Option(help: "Profile each selected benchmark's measured rounds and write flame graphs (cpu: perf samples).")
    var profile: ProfileKind?

    @Option(help: "Samples per second of --profile cpu.")
    var profileFrequency: Int = 999

    @Option(help: "Where --profile writes its reports (flamegraph-GROUP-BENCH.folded and .svg).")
    var reportsDir: String = "reports"

    @Option(help: "How results are printed on stdout.")
    var format: OutputFormat = .table

    @Flag(help: "No progress line and no debug-build banner on stderr.")
    var quiet = false

    func validate() throws {
        guard (1...100_000).contains(profileFrequency) else { throw ValidationError("--profile-frequency must be 1...100000 Hz.") }
        if let save {
            guard !save.isEmpty, !save.contains("/") else { throw ValidationError("--save takes a NAME (saved as Baselines/NAME.json).") }
            if FileManager.default.fileExists(atPath: BaselineFile.path(for: save)) && !force {
                throw ValidationError("\(BaselineFile.path(for: save)) already exists; pass --force to replace it.")
            }
        }
        try checkOutputPath(json, force: force)
        try checkOutputPath(report, force: force)
    }

    func run() async throws {
        if profile == .alloc { try reexecWithAllocationProfiling() }
        let progress = ProgressLine(quiet: quiet)
        // Listing names the benchmarks only: no server is started for it.
        let servers = list ? EngineServers.none : try EngineServers(measurement)
        defer { servers.stop() }
        let suite = BenchSuite.current.make(measurement.suiteOptions(
            postgres: measurement.backend == .postgres ? servers.postgresURL ?? PostgresURL("postgres://listing-only") : nil,
            l2: measurement.l2.isOn ? servers.redisURL ?? RedisURL("redis://listing-only") : nil) { progress.update($0) })
        let selected = try measurement.select(from: suite)
        if list {
            print(selected.map(\.id.fullname).joined(separator: "\n"))
            return
        }
        ScratchFiles.removeStale()
        let partial = PartialResults()
        ScratchFiles.removeOnInterrupt(report: {
            partial.flush()
            servers.stop()
        })
        if BenchSuite.current.usesSeededWaves && selected.contains(where: { $0.id.group != "harness" }) {
            try prepareData(progress, postgres: servers.postgresURL)
        }
        if selected.contains(where: { $0.id.group == "cache" && $0.id.name == "get_or_set_working_set" }) {
            do {
                try checkWorkingSetMemory(gigabytes: measurement.cacheGb)
            } catch {
                throw CommandFailure(status: .environment, message: String(describing: error))
            }
        }
        if BuildConfiguration.current == .debug && !quiet {
            FileHandle.standardError.write(Data((BuildConfiguration.debugBanner + "\n").utf8))
        }
        let allocator: Jemalloc
        do {
            allocator = try Jemalloc()
        } catch {
            throw CommandFailure(status: .environment, message: error.description)
        }
        let clock = ClockCharacteristics.measure()
        let machine = MachineInfo.current(
            clock: clock, jemallocVersion: allocator.version, sqliteVersion: SQLiteConnection.libraryVersion)
        let settings = measurement.settings(timing)
        let baseline = try compare.map { try loadBaseline($0, fingerprint: Fingerprint(machine: machine, settings: settings)) }
        let runHistory = try save.map { _ in try openHistory() }
        var session: CPUProfileSession?
        var allocationSession: AllocationProfileSession?
        do {
            switch profile {
            case .cpu:
                try PerfRecorder.checkAvailable()
                session = CPUProfileSession(directory: reportsDir, frequency: profileFrequency, replacing: force)
            case .alloc:
                try AllocationProfileSession.checkAvailable(allocator)
                allocationSession = AllocationProfileSession(directory: reportsDir, replacing: force, allocator: allocator)
            case nil:
                break
            }
        } catch {
            throw CommandFailure(status: .environment, message: error.description)
        }
        let outputs = selected.flatMap { session?.outputPaths(for: $0.id) ?? allocationSession?.outputPaths(for: $0.id) ?? [] }
        if !force, let existing = outputs.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw CommandFailure(status: .usage, message: "\(existing) already exists; pass --force to replace the profiles")
        }
        let runner = Runner(
            configuration: RunnerConfiguration(
                maxTimeNanoseconds: UInt64(timing.maxTime * 1e9), minRounds: measurement.minRounds,
                warmupNanoseconds: UInt64(timing.warmup * 1e9)),
            clock: clock, allocator: allocator, hooks: session?.hooks ?? allocationSession?.hooks ?? .none)
        let commit = CommitInfo.current()
        partial.reportWith { [format, json, force] records in
            let document = RunDocument(
                machineInfo: machine, commitInfo: commit, benchmarks: records,
                derived: suite.derivedValues(from: records), settings: settings)
            try? Self.report(document, format: format, json: json, replacing: force)
        }
        let outcome = await runner.run(selected) { event in
            partial.keep(event)
            progress.show(event)
        }
        for report in (session?.reports ?? []) + (allocationSession?.reports ?? []) {
            let seconds = String(format: "%.2f", report.secondsToProduce)
            FileHandle.standardError.write(
                Data("profile: \(report.svg) and .folded, \(report.samples) \(report.unit), produced in \(seconds) s\n".utf8))
        }
        let profiles = ((session?.reports ?? []) + (allocationSession?.reports ?? [])).map(\.svg)
        let document = RunDocument(
            machineInfo: machine, commitInfo: commit, benchmarks: outcome.records,
            derived: suite.derivedValues(from: outcome.records), settings: settings, profiles: profiles)
        try Self.report(document, format: format, json: json, replacing: force)
        if let report {
            try writeReport(
                .run(document), title: "gatebench run", source: json ?? "this run", flameGraphs: document.profiles ?? [], to: report,
                replacing: force)
        }
        let comparison = baseline.map { compared(with: $0.document.restricted(to: selected, of: suite), $0.mismatch, document, suite) }
        if let save {
            do {
                try BaselineFile.save(document, to: BaselineFile.path(for: save), replacing: force)
                try runHistory?.add(document, source: BaselineFile.path(for: save))
            } catch {
                throw CommandFailure(status: .environment, message: String(describing: error))
            }
        }
        if let comparison { try ComparisonOutput(format: format, jsonPath: nil, force: false).emit(comparison, quietTable: true) }
        if !outcome.failures.isEmpty {
            throw CommandFailure(
                status: outcome.failures.contains(where: \.isEnvironmental) ? .environment : .benchmarkFailed,
                message: "\(outcome.failures.count) benchmark(s) failed: "
                    + outcome.failures.map(\.id.fullname).joined(separator: ", "))
        }
        if let comparison { try ComparisonOutput.check(comparison) }
    }

    /// The history `--save` adds to, opened (and checked) before anything is measured.
    private func openHistory() throws -> RunHistory {
        do {
            return try RunHistory(path: history, create: true)
        } catch {
            throw CommandFailure(status: .environment, message: error.description)
        }
    }

    /// jemalloc reads `MALLOC_CONF` only at start-up: run this same command again with profiling
    /// configured (once; the variable marks the second run).
    private func reexecWithAllocationProfiling() throws {
        guard ProcessInfo.processInfo.environment["MALLOC_CONF"] != AllocationProfileSession.environment else { return }
        setenv("MALLOC_CONF", AllocationProfileSession.environment, 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        throw CommandFailure(status: .environment, message: "cannot re-run with MALLOC_CONF set: \(String(cString: strerror(errno)))")
    }

    /// Seeds or verifies the wave's database once, before any benchmark: an unusable data directory
    /// is one error with exit 4, not a failure per benchmark.
    private func prepareData(_ progress: ProgressLine, postgres: PostgresURL?) throws {
        do {
            let plan = SeedPlan(wave: measurement.wave, seed: measurement.seed)
            let seeded = try DataStore(directory: measurement.dataDir).database(
                for: plan,
                progress: { progress.update("seeding \(measurement.wave.rawValue): \($0.phase) \(Int($0.fraction * 100)) %") })
            if let postgres {
                let store = PostgresDataStore(url: postgres)
                try PostgresScratch.removeStale(on: store)
                let loaded = try store.database(
                    for: plan, from: seeded,
                    progress: { progress.update("loading \(plan.label) into PostgreSQL: \($0.phase) \(Int($0.fraction * 100)) %") })
                if loaded.wasLoaded && !quiet {
                    progress.clear()
                    FileHandle.standardError.write(
                        Data("loaded \(plan.label) into \(postgres.redacted) (schema \(loaded.schema)) in \(String(format: "%.1f", loaded.loadingSeconds)) s\n".utf8))
                }
            }
            progress.clear()
        } catch {
            progress.clear()
            throw CommandFailure(status: .environment, message: String(describing: error))
        }
    }

    /// `--max-time` and `--warmup`, 1 s and 0.1 s by default.
    private var timing: MeasurementOptions.Timing { measurement.timing(or: MeasurementOptions.runTiming) }

    /// Loads `--compare`'s run and checks, before anything is measured, that it was made on this
    /// machine with these settings.
    private func loadBaseline(_ name: String, fingerprint: Fingerprint) throws -> (document: RunDocument, mismatch: [String]) {
        let document: RunDocument
        do {
            document = try BaselineFile.load(BaselineFile.path(for: name))
        } catch {
            throw CommandFailure(status: .usage, message: error.description)
        }
        let differences = Fingerprint(document).differences(from: fingerprint)
        if !differences.isEmpty && !verdict.allowMachineMismatch {
            throw CommandFailure(
                status: .usage,
                message: "\(BaselineFile.path(for: name)) was not made on this machine with these settings: "
                    + differences.joined(separator: "; ")
                    + ". Compare builds on one machine with `bench ab BASE HEAD`, or pass --allow-machine-mismatch.")
        }
        return (document, differences)
    }

    /// One repetition a side: intervals come from this machine's measured noise (`bench noise`) or a
    /// conservative default, so only changes far outside the noise get a verdict.
    private func compared(with baseline: RunDocument, _ mismatch: [String], _ current: RunDocument, _ suite: Suite) -> ChangeReport {
        let noise = NoiseProfile.load(for: Fingerprint(current), dataDirectory: measurement.dataDir)
        return ChangeReport(
            series: BenchmarkSeries.fromRuns(base: [baseline], head: [current]), threshold: verdict.thresholdFraction,
            thresholdOverrides: suite.thresholdOverrides, noise: noise?.repetitionNoise ?? [:], notComparable: mismatch)
    }

    /// Prints `document` in `format` and writes it to `json` (atomically) when given.
    private static func report(_ document: RunDocument, format: OutputFormat, json: String?, replacing force: Bool) throws {
        let data = try document.encoded()
        switch format {
        case .table: print(TableReporter().render(document), terminator: "")
        case .markdown: print(MarkdownReporter().render(document), terminator: "")
        case .json: print(String(decoding: data, as: UTF8.self))
        }
        if let json { try writeOutput(data, to: json, replacing: force) }
    }
}

extension RunDocument {
    /// The baseline without the suite's benchmarks this run did not select, so that only a
    /// benchmark gone from the suite reads as `removed`.
    func restricted(to selected: [Benchmark], of suite: Suite) -> RunDocument {
        let chosen = Set(selected.map { BenchmarkKey($0.id) })
        let known = Set(suite.benchmarks.map { BenchmarkKey($0.id) })
        var restricted = self
        restricted.benchmarks = benchmarks.filter {
            let key = BenchmarkKey(group: $0.group, name: $0.name)
            return chosen.contains(key) || !known.contains(key)
        }
        return restricted
    }
}
