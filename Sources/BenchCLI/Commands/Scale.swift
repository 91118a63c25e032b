import ArgumentParser
import Foundation
import GateBench
import GatePostgres
import GateBenchReport
import GateBenchmarks
import GatewayService

/// `bench scale --waves tiny,small,medium,large`: the selected benchmarks at each wave, their growth
/// fitted against each size parameter asked for, and where each curve bends.
struct Scale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks at several waves and fit each one's growth (O(1), O(log n), O(n), O(n log n), O(n²)).",
        discussion: """
            Each wave is seeded (or reused) and measured in turn, smallest first, and the whole sequence is repeated \
            --passes times; --waves replaces --wave. A wave whose passes would take longer than --wave-limit seconds is \
            the last one measured: larger waves would take longer still, and are listed as skipped. Exit status: 0, 2 usage, 3 a benchmark failed, 4 environment, 130 interrupted.
            """)

    @Option(help: "Comma-separated waves, e.g. tiny,small,medium,large.")
    var waves: String = "tiny,small,medium,large"

    @Option(help: "Comma-separated sizes the curves are fitted against: a table's row count (teams, tools, users, team_members, agents, servers, peer_gateways) or a figure the benchmark reports (rows: the rows it returned).")
    var parameters: String = "teams,tools,rows"

    /// The parsed `--parameters`.
    private var parameterList: [String] { parameters.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    @Option(help: "Seconds one wave may take over all passes (seeding and measuring) before larger waves are skipped.")
    var waveLimit: Double = 240

    @Option(help: "Times each wave is measured, the waves interleaved; each point is the median of its passes.")
    var passes: Int = 3

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
        guard (1...100).contains(passes) else { throw ValidationError("--passes must be 1...100.") }
        guard waveLimit > 0, waveLimit <= 86_400 else { throw ValidationError("--wave-limit must be in (0, 86400] seconds.") }
        guard !parameterList.isEmpty, parameterList.allSatisfy({ $0.range(of: "^[a-z_]+$", options: .regularExpression) != nil }) else {
            throw ValidationError("--parameters takes names such as teams,tools,rows (tables' row counts or figures the benchmarks report).")
        }
        try checkOutputPath(json, force: force)
        try checkOutputPath(report, force: force)
    }

    func run() async throws {
        guard BenchSuite.current.usesSeededWaves else {
            throw CommandFailure(status: .usage, message: "bench scale varies gatebench's seeded waves; this suite does not use them")
        }
        let progress = ProgressLine(quiet: quiet)
        let servers = try EngineServers(measurement)
        defer { servers.stop() }
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
        let selection = try measurement.select(from: BenchSuite.current.make(measurement.suiteOptions(postgres: servers.postgresURL, l2: servers.redisURL))).filter {
            $0.id.group != "harness" && $0.id.name != "heartbeat_storm"
        }
        guard !selection.isEmpty else { throw CommandFailure(status: .usage, message: "no benchmark selected (the harness and the storm are left out)") }
        let waves = try waveList
        var seconds: [Wave: Double] = [:]
        var sizes: [String: [String: Int]] = [:]
        var samples: [String: [String: [Double]]] = [:]  // benchmark → wave → one median per pass
        var figures: [String: [String: [String: Double]]] = [:]  // benchmark → wave → its own numeric figures
        var failures: [String] = []
        var stopReason: String?
        for pass in 1...passes {
            for wave in waves where stopReason == nil || seconds[wave] != nil {
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
                sizes[wave.rawValue] = database.manifest.rowCounts
                let suite = BenchSuite.current.make(options.suiteOptions(postgres: servers.postgresURL, l2: servers.redisURL) { progress.update("\(wave.rawValue): \($0)") })
                let chosen = try options.select(from: suite).filter { benchmark in
                    selection.contains { $0.id.group == benchmark.id.group && $0.id.name == benchmark.id.name }
                }
                let outcome = await runner.run(chosen) { event in progress.show(event) }
                progress.clear()
                failures += outcome.failures.map { "\(wave.rawValue): \($0.id.fullname)" }
                for record in outcome.records where !record.isOptimizedAway {
                    let name = "\(record.group)/\(record.name)"
                    samples[name, default: [:]][wave.rawValue, default: []].append(record.stats.median)
                    figures[name, default: [:]][wave.rawValue] = record.extraInfo.compactMapValues { value in
                        if case .number(let number) = value { number } else { nil }
                    }
                }
                let elapsed = (ContinuousClock.now - started).inSeconds
                seconds[wave, default: 0] += elapsed
                FileHandle.standardError.write(
                    Data("scale: pass \(pass) of \(passes): \(wave.rawValue) measured in \(String(format: "%.1f", elapsed)) s\n".utf8))
                if pass == 1 && stopReason == nil && elapsed * Double(passes) > waveLimit {
                    stopReason = "skipped: \(wave.rawValue) took \(Int(elapsed)) s a pass, \(passes) passes are over --wave-limit \(Int(waveLimit)) s"
                }
            }
        }
        let measuredWaves = waves.map { wave in
            seconds[wave].map { CapacityScan.Wave(name: wave.rawValue, sizes: sizes[wave.rawValue] ?? [:], seconds: $0) }
                ?? CapacityScan.Wave(name: wave.rawValue, sizes: [:], seconds: 0, skipped: stopReason)
        }
        // A benchmark's point at a wave: the median of its passes, so one pass caught in a slow phase of the machine does not bend the curve.
        let medians = samples.mapValues { byWave in
            byWave.map { (wave: $0.key, median: GateBench.median($0.value.sorted())) }
        }
        let curves = medians.keys.sorted().flatMap { benchmark in
            parameterList.map { parameter in
                CapacityScan.Curve(
                    benchmark: benchmark, parameter: parameter,
                    points: medians[benchmark]!.compactMap { point in
                        let size = sizes[point.wave]?[parameter].map(Double.init) ?? figures[benchmark]?[point.wave]?[parameter]
                        return size.map { .init(wave: point.wave, size: $0, median: point.median) }
                    })
            }
        }
        let scan = CapacityScan(parameters: parameterList, waves: measuredWaves, curves: curves)
        print(CapacityTable(scan).text, terminator: "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let json { try writeOutput(try encoder.encode(scan), to: json, replacing: force) }
        if let report { try writeReport(.capacity(scan), title: "gatebench capacity", source: json ?? "bench scale", to: report, replacing: force) }
        if !failures.isEmpty {
            throw CommandFailure(status: .benchmarkFailed, message: "\(failures.count) benchmark(s) failed: " + failures.joined(separator: ", "))
        }
    }
}
