import ArgumentParser
import Foundation
import GateBench
import GateBenchReport
import GateBenchmarks
import GatewayService

/// `bench scale --waves tiny,small,medium,large`: the selected benchmarks at each wave, their growth
/// fitted against a size parameter, and where each curve bends.
struct Scale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks at several waves and fit each one's growth (O(1), O(log n), O(n), O(n log n), O(n²)).",
        discussion: """
            Each wave is seeded (or reused) and measured in turn, smallest first; --waves replaces --wave. A wave \
            that takes longer than --wave-limit seconds stops the scan: larger waves would take longer still, and are \
            listed as skipped. Exit status: 0, 2 usage, 3 a benchmark failed, 4 environment, 130 interrupted.
            """)

    @Option(help: "Comma-separated waves, e.g. tiny,small,medium,large.")
    var waves: String = "tiny,small,medium,large"

    @Option(help: "The size the curves are fitted against: a table's row count (teams, tools, users, team_members, agents).")
    var parameter: String = "teams"

    @Option(help: "Seconds one wave may take (seeding and measuring) before larger waves are skipped.")
    var waveLimit: Double = 240

    @OptionGroup var measurement: MeasurementOptions

    @Option(help: "Also save the scan as JSON at this path (`bench report` reads it).")
    var json: String?

    @Option(help: "Also write an HTML report of the scan at this path.")
    var report: String?

    @Flag(help: "Replace existing --json and --report files.")
    var force = false

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    /// The parsed `--waves`, smallest first.
    private var waveList: [Wave] {
        get throws {
            let names = waves.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let parsed = try names.map { name in
                guard let wave = Wave(rawValue: name) else {
                    throw ValidationError("unknown wave '\(name)' in --waves; waves: \(Wave.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return wave
            }
            let ordered = Wave.allCases.filter(parsed.contains)
            guard ordered.count >= 3 else { throw ValidationError("--waves needs at least three different waves: two points fit any curve.") }
            return ordered
        }
    }

    func validate() throws {
        _ = try waveList
        guard waveLimit > 0, waveLimit <= 86_400 else { throw ValidationError("--wave-limit must be in (0, 86400] seconds.") }
        let tables = ["teams", "tools", "users", "team_members", "agents", "servers", "peer_gateways"]
        guard tables.contains(parameter) else { throw ValidationError("--parameter must be one of: \(tables.joined(separator: ", ")).") }
        try checkOutputPath(json, force: force)
        try checkOutputPath(report, force: force)
    }

    func run() async throws {
        guard BenchSuite.current.usesSeededWaves else {
            throw CommandFailure(status: .usage, message: "bench scale varies gatebench's seeded waves; this suite does not use them")
        }
        let progress = ProgressLine(quiet: quiet)
        let allocator: Jemalloc
        do {
            allocator = try Jemalloc()
        } catch {
            throw CommandFailure(status: .environment, message: error.description)
        }
        let timing = measurement.timing(or: MeasurementOptions.runTiming)
        let runner = Runner(
            configuration: RunnerConfiguration(
                maxTimeNanoseconds: UInt64(timing.maxTime * 1e9), minRounds: measurement.minRounds,
                warmupNanoseconds: UInt64(timing.warmup * 1e9)),
            clock: ClockCharacteristics.measure(), allocator: allocator)
        let selection = try measurement.select(from: BenchSuite.current.make(measurement.suiteOptions())).filter {
            $0.id.group != "harness" && $0.id.name != "heartbeat_storm"
        }
        guard !selection.isEmpty else { throw CommandFailure(status: .usage, message: "no benchmark selected (the harness and the storm are left out)") }
        var measuredWaves: [CapacityScan.Wave] = []
        var medians: [String: [CapacityScan.Curve.Point]] = [:]
        var failures: [String] = []
        var stopReason: String?
        for wave in try waveList {
            if let stopReason {
                measuredWaves.append(CapacityScan.Wave(name: wave.rawValue, sizes: [:], seconds: 0, skipped: stopReason))
                continue
            }
            let started = ContinuousClock.now
            var options = measurement
            options.data.wave = wave
            let database: DataStore.Database
            do {
                database = try DataStore(directory: options.dataDir).database(
                    for: SeedPlan(wave: wave, seed: options.seed),
                    progress: { progress.update("seeding \(wave.rawValue): \($0.phase) \(Int($0.fraction * 100)) %") })
            } catch {
                progress.clear()
                throw CommandFailure(status: .environment, message: error.description)
            }
            let suite = BenchSuite.current.make(options.suiteOptions { progress.update("\(wave.rawValue): \($0)") })
            let chosen = try options.select(from: suite).filter { benchmark in selection.contains { $0.id.fullname.hasPrefix("\(benchmark.id.group)/\(benchmark.id.name)") } }
            let outcome = await runner.run(chosen) { event in progress.show(event) }
            progress.clear()
            failures += outcome.failures.map { "\(wave.rawValue): \($0.id.fullname)" }
            guard let size = database.manifest.rowCounts[parameter] else {
                throw CommandFailure(status: .usage, message: "the \(wave.rawValue) wave has no '\(parameter)' table")
            }
            for record in outcome.records where !record.isOptimizedAway {
                medians["\(record.group)/\(record.name)", default: []].append(
                    CapacityScan.Curve.Point(wave: wave.rawValue, size: Double(size), median: record.stats.median))
            }
            let seconds = (ContinuousClock.now - started).inSeconds
            measuredWaves.append(CapacityScan.Wave(name: wave.rawValue, sizes: database.manifest.rowCounts, seconds: seconds))
            FileHandle.standardError.write(Data("scale: \(wave.rawValue) (\(parameter) = \(size)) measured in \(String(format: "%.1f", seconds)) s\n".utf8))
            if seconds > waveLimit { stopReason = "skipped: \(wave.rawValue) took \(Int(seconds)) s, over --wave-limit \(Int(waveLimit)) s" }
        }
        let scan = CapacityScan(
            parameter: parameter, waves: measuredWaves,
            curves: medians.keys.sorted().map { CapacityScan.Curve(benchmark: $0, points: medians[$0]!) })
        print(CapacityTable(scan).text, terminator: "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let json { try writeOutput(try encoder.encode(scan), to: json, replacing: force) }
        if let report {
            var page = HTMLReport(title: "gatebench capacity")
            page.add(.capacity(scan), from: json ?? "bench scale")
            try writeOutput(Data(page.html.utf8), to: report, replacing: force)
        }
        if !failures.isEmpty {
            throw CommandFailure(status: .benchmarkFailed, message: "\(failures.count) benchmark(s) failed: " + failures.joined(separator: ", "))
        }
    }
}
