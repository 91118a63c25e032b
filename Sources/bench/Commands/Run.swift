import ArgumentParser
import Foundation
import GateBench
import GateBenchmarks
import GatewayService

/// `bench [run]`: select benchmarks, measure them, report.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run benchmarks (the default subcommand).")

    @Flag(help: "List the selected benchmarks and exit.")
    var list = false

    @Option(help: "Run only this group (repeatable).")
    var group: [String] = []

    @Option(help: "Run only benchmarks whose 'group/name' matches this regular expression.")
    var filter: String?

    @Option(help: "The data set the service benchmarks run on.")
    var wave: Wave = .small

    @Option(help: "The seed of the data set's generator.")
    var seed: UInt64 = 42

    @Option(help: "Where seeded databases are kept (seeded on first use).")
    var dataDir: String = ".benchdata"

    @Option(help: "Byte budget of cache/get_or_set_working_set, in GiB (the headline run uses 10).")
    var cacheGb: Double = 1

    @Option(help: "Arrival rate of heartbeat/heartbeat_storm's constant phase, per second.")
    var rate: Double = 167

    @Option(help: "Seconds of heartbeat_storm's constant phase.")
    var duration: Double = 5

    @Option(help: "Seconds of each step of heartbeat_storm's ramp.")
    var rampStep: Double = 1

    @Option(help: "The p99 latency heartbeat_storm's ramp must hold, in milliseconds.")
    var p99Bound: Double = 10

    @Option(help: "Seconds of measured rounds per benchmark.")
    var maxTime: Double = 1.0

    @Option(help: "Fewest measured rounds per benchmark.")
    var minRounds: Int = 5

    @Option(help: "Seconds of unmeasured warmup rounds per benchmark (calibration included).")
    var warmup: Double = 0.1

    @Option(help: "Also save the run as pytest-benchmark-compatible JSON at this path.")
    var json: String?

    @Flag(help: "Replace an existing --json file.")
    var force = false

    @Option(help: "Save the run as Baselines/NAME.json (never over an existing file without --force).")
    var save: String?

    @Option(help: "Compare with a baseline: a NAME in Baselines/ or a PATH to a saved run.")
    var compare: String?

    @Option(help: "The statistic the comparison shows.")
    var compareStat: ComparisonMetric = .median

    @Option(help: "Fail (exit 1) when METRIC grows beyond N% or N seconds, significantly (repeatable; default median:5%).")
    var compareFail: [String] = []

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
        guard maxTime > 0, maxTime.isFinite else { throw ValidationError("--max-time must be a positive number of seconds.") }
        guard minRounds >= 1 else { throw ValidationError("--min-rounds must be at least 1.") }
        guard warmup >= 0, warmup.isFinite else { throw ValidationError("--warmup must be zero or more seconds.") }
        guard (1...100_000).contains(profileFrequency) else { throw ValidationError("--profile-frequency must be 1...100000 Hz.") }
        guard cacheGb > 0, cacheGb.isFinite else { throw ValidationError("--cache-gb must be a positive number of GiB.") }
        guard rate > 0, rate.isFinite else { throw ValidationError("--rate must be a positive number per second.") }
        guard duration > 0, rampStep > 0, p99Bound > 0 else {
            throw ValidationError("--duration, --ramp-step and --p99-bound must be positive.")
        }
        for text in compareFail {
            do {
                _ = try Threshold(parsing: text)
            } catch {
                throw ValidationError(error.description)
            }
        }
        if let save {
            guard !save.isEmpty, !save.contains("/") else { throw ValidationError("--save takes a NAME (saved as Baselines/NAME.json).") }
            if FileManager.default.fileExists(atPath: BaselineFile.path(for: save)) && !force {
                throw ValidationError("\(BaselineFile.path(for: save)) already exists; pass --force to replace it.")
            }
        }
        if let json {
            if FileManager.default.fileExists(atPath: json) && !force {
                throw ValidationError("\(json) already exists; pass --force to replace it.")
            }
            let directory = (json as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if !directory.isEmpty && !(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) {
                throw ValidationError("--json: directory '\(directory)' does not exist.")
            }
        }
    }

    func run() async throws {
        if profile == .alloc { try reexecWithAllocationProfiling() }
        let progress = ProgressLine(quiet: quiet)
        let suite = Suite.gatebench(suiteOptions(progress: progress))
        let selected: [Benchmark]
        do {
            selected = try suite.select(groups: group, filter: filter)
        } catch {
            throw CommandFailure(status: .usage, message: error.description)
        }
        if list {
            print(selected.map(\.id.fullname).joined(separator: "\n"))
            return
        }
        if selected.contains(where: { $0.id.group == "cache" && $0.id.name == "get_or_set_working_set" }) {
            do {
                try checkWorkingSetMemory(gigabytes: cacheGb)
            } catch {
                throw CommandFailure(status: .environment, message: String(describing: error))
            }
        }
        let baseline: RunDocument?
        do {
            baseline = try compare.map { name throws(BaselineFile.Failure) in try BaselineFile.load(BaselineFile.path(for: name)) }
        } catch {
            throw CommandFailure(status: .usage, message: error.description)
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
        let clock = ClockCharacteristics.measure()
        let runner = Runner(
            configuration: RunnerConfiguration(
                maxTimeNanoseconds: UInt64(maxTime * 1e9), minRounds: minRounds,
                warmupNanoseconds: UInt64(warmup * 1e9)),
            clock: clock, allocator: allocator, hooks: session?.hooks ?? allocationSession?.hooks ?? .none)
        let outcome = await runner.run(selected, progress: progress.show)
        for report in (session?.reports ?? []) + (allocationSession?.reports ?? []) {
            let seconds = String(format: "%.2f", report.secondsToProduce)
            FileHandle.standardError.write(
                Data("profile: \(report.svg) and .folded, \(report.samples) \(report.unit), produced in \(seconds) s\n".utf8))
        }
        let document = RunDocument(
            machineInfo: .current(clock: clock, jemallocVersion: allocator.version), commitInfo: .current(),
            benchmarks: outcome.records, derived: suite.derivedValues(from: outcome.records))
        let hasRegression = try baseline.map {
            try printComparison(baseline: $0.restricted(to: selected, of: suite), current: document, suite: suite)
        } ?? false
        try report(document)
        if let save {
            do {
                try BaselineFile.save(document, to: BaselineFile.path(for: save), replacing: force)
            } catch {
                throw CommandFailure(status: .environment, message: error.description)
            }
        }
        if !outcome.failures.isEmpty {
            throw CommandFailure(
                status: .benchmarkFailed,
                message: "\(outcome.failures.count) benchmark(s) failed: "
                    + outcome.failures.map(\.id.fullname).joined(separator: ", "))
        }
        if hasRegression {
            throw CommandFailure(status: .regression, message: "slower than the baseline '\(compare ?? "")' (see the comparison above)")
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

    /// Prints the comparison; returns whether it found a regression.
    private func printComparison(baseline: RunDocument, current: RunDocument, suite: Suite) throws -> Bool {
        let comparison: Comparison
        do {
            comparison = try Comparison(
                baseline: baseline, current: current, statistic: compareStat,
                thresholds: compareFail.isEmpty
                    ? [Threshold(metric: .median, limit: .fraction(0.05))] : compareFail.compactMap { try? Threshold(parsing: $0) },
                overrides: suite.thresholdOverrides)
        } catch {
            throw CommandFailure(status: .usage, message: error.description)
        }
        let reporter = ComparisonReporter()
        switch format {
        case .markdown: print(reporter.markdown(comparison))
        case .table: print(reporter.table(comparison))
        case .json: FileHandle.standardError.write(Data(reporter.table(comparison).utf8))
        }
        return comparison.hasRegression
    }

    private func suiteOptions(progress: ProgressLine) -> SuiteOptions {
        var options = SuiteOptions()
        options.wave = wave
        options.seed = seed
        options.dataDirectory = dataDir
        options.cacheGigabytes = cacheGb
        options.heartbeatRate = rate
        options.stormDuration = .milliseconds(Int64(duration * 1_000))
        options.rampStepDuration = .milliseconds(Int64(rampStep * 1_000))
        options.p99Bound = .microseconds(Int64(p99Bound * 1_000))
        options.note = { progress.update($0) }
        return options
    }

    private func report(_ document: RunDocument) throws {
        let data = try document.encoded()
        switch format {
        case .table: print(TableReporter().render(document), terminator: "")
        case .markdown: print(MarkdownReporter().render(document), terminator: "")
        case .json: print(String(decoding: data, as: UTF8.self))
        }
        guard let json else { return }
        do {
            try AtomicFile.write(data, to: json, replacing: force)
        } catch {
            throw CommandFailure(status: .environment, message: error.description)
        }
    }
}

extension RunDocument {
    /// The baseline without the suite's benchmarks this run did not select, so that only a
    /// benchmark gone from the suite reads as `removed`.
    func restricted(to selected: [Benchmark], of suite: Suite) -> RunDocument {
        let key = { (group: String, name: String) in "\(group)/\(name)" }
        let chosen = Set(selected.map { key($0.id.group, $0.id.name) })
        let known = Set(suite.benchmarks.map { key($0.id.group, $0.id.name) })
        var restricted = self
        restricted.benchmarks = benchmarks.filter { chosen.contains(key($0.group, $0.name)) || !known.contains(key($0.group, $0.name)) }
        return restricted
    }
}
