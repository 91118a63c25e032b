import ArgumentParser
import Foundation
import GateBench
import GateBenchmarks
import GatePostgres
import GateRedis
import GatewayService

/// What to measure and how long: shared by `run`, `ab` and `noise`.
struct MeasurementOptions: ParsableArguments {
    @Option(help: "Run only this group (repeatable).")
    var group: [String] = []

    @Option(name: .customLong("filter"), help: "Run only benchmarks whose 'group/name' matches this regular expression.")
    var filters: [String] = []

    /// `--filter`'s one expression (given twice is refused: the second would silently replace the first).
    var filter: String? { filters.last }

    /// The data set the service benchmarks run on (seeded on first use).
    @OptionGroup var data: DataSetOptions
    var wave: Wave { data.wave }
    var seed: UInt64 { data.seed }
    var dataDir: String { data.dataDir }

    @OptionGroup var engine: BackendOptions
    var backend: Backend { engine.backend }
    var postgresUrl: String? { engine.postgresUrl }
    var l2: L2Choice { engine.l2 }
    var transport: FederationTransport { engine.transport }

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

    @Option(help: "Seconds of measured rounds per benchmark (default 1; 0.05 per process for ab and noise).")
    var maxTime: Double?

    @Option(help: "Fewest measured rounds per benchmark.")
    var minRounds: Int = 5

    @Option(help: "Seconds of unmeasured warmup rounds per benchmark, calibration included (default 0.1; 0.02 per process for ab and noise).")
    var warmup: Double?

    func validate() throws {
        guard filters.count <= 1 else {
            throw ValidationError("--filter takes one regular expression; join several with |, e.g. --filter 'scope|list_tools'.")
        }
        let postgresGroups = SuiteOptions.postgresGroups
        if backend == .postgres, let outside = group.first(where: { !postgresGroups.contains($0) }) {
            throw ValidationError(
                "group '\(outside)' has no PostgreSQL version; --backend postgres runs " + postgresGroups.joined(separator: ", ") + ".")
        }
        if let maxTime { guard maxTime > 0, maxTime <= 3_600 else { throw ValidationError("--max-time must be in (0, 3600] seconds.") } }
        guard (1...10_000).contains(minRounds) else { throw ValidationError("--min-rounds must be 1...10000.") }
        if let warmup { guard warmup >= 0, warmup <= 3_600 else { throw ValidationError("--warmup must be in [0, 3600] seconds.") } }
        guard cacheGb > 0, cacheGb <= 1_048_576 else { throw ValidationError("--cache-gb must be in (0, 1048576] GiB.") }
        guard rate > 0, rate <= 1_000_000 else { throw ValidationError("--rate must be in (0, 1000000] per second.") }
        guard duration > 0, duration <= 86_400, rampStep > 0, rampStep <= 3_600 else {
            throw ValidationError("--duration must be in (0, 86400] and --ramp-step in (0, 3600] seconds.")
        }
        guard p99Bound > 0, p99Bound <= 60_000 else { throw ValidationError("--p99-bound must be in (0, 60000] ms.") }
    }

    /// How long each benchmark runs: `--max-time` and `--warmup`, or a command's own defaults.
    struct Timing {
        var maxTime: Double
        var warmup: Double
    }

    /// `--max-time` and `--warmup`, or `fallback` for what was not given.
    func timing(or fallback: Timing) -> Timing {
        Timing(maxTime: maxTime ?? fallback.maxTime, warmup: warmup ?? fallback.warmup)
    }

    /// The options the benchmark groups see.
    func suiteOptions(
        postgres: PostgresURL? = nil, l2: RedisURL? = nil, note: @escaping @Sendable (String) -> Void = { _ in }
    ) -> SuiteOptions {
        var options = SuiteOptions()
        options.postgres = postgres
        options.l2 = l2
        options.federationTransport = transport
        options.wave = wave
        options.seed = seed
        options.dataDirectory = dataDir
        options.cacheGigabytes = cacheGb
        options.heartbeatRate = rate
        options.stormDuration = .milliseconds(Int64(duration * 1_000))
        options.rampStepDuration = .milliseconds(Int64(rampStep * 1_000))
        options.p99Bound = .microseconds(Int64(p99Bound * 1_000))
        options.note = note
        return options
    }

    /// The run's settings as recorded in its fingerprint (everything that changes what is measured).
    func settings(_ timing: Timing) -> [String: String] {
        [
            "wave": wave.rawValue, "seed": String(seed), "max_time": String(timing.maxTime), "min_rounds": String(minRounds),
            "warmup": String(timing.warmup), "cache_gb": String(cacheGb), "rate": String(rate), "duration": String(duration),
            "ramp_step": String(rampStep), "p99_bound_ms": String(p99Bound),
        ].merging(backend == .sqlite ? [:] : ["backend": backend.rawValue]) { $1 }
            .merging(l2.isOn ? ["l2": "redis"] : [:]) { $1 }
            .merging(transport == .mock ? [:] : ["transport": transport.rawValue]) { $1 }
    }

    /// The flags that make a child `bench run` measure the same way (selection excluded).
    func childArguments(_ timing: Timing) -> [String] {
        [
            "--wave", wave.rawValue, "--seed", String(seed), "--data-dir", dataDir, "--max-time", String(timing.maxTime),
            "--min-rounds", String(minRounds), "--warmup", String(timing.warmup), "--cache-gb", String(cacheGb),
            "--rate", String(rate), "--duration", String(duration), "--ramp-step", String(rampStep),
            "--p99-bound", String(p99Bound),
        ] + backendArguments
    }

    /// `--backend` and `--l2` for a child, only when not the default: a revision older than the
    /// flags then still runs (URLs go by environment, see `PrivateServer`).
    var backendArguments: [String] {
        (backend == .sqlite ? [] : ["--backend", backend.rawValue]) + (l2.isOn ? ["--l2", "redis"] : [])
            + (transport == .mock ? [] : ["--transport", transport.rawValue])
    }

    /// `--group`/`--filter` as given, for a child's `--list`.
    var selectionArguments: [String] {
        group.flatMap { ["--group", $0] } + (filter.map { ["--filter", $0] } ?? [])
    }

    /// The flags of `bench seed` for this wave (and backend: the URL goes by environment).
    var seedArguments: [String] {
        ["--wave", wave.rawValue, "--seed", String(seed), "--data-dir", dataDir] + backendArguments
    }

    /// This machine and these settings, as a run made with them would record.
    func fingerprint(_ timing: Timing, build: BuildConfiguration) -> Fingerprint {
        let jemalloc = (try? Jemalloc())?.version ?? "unknown"
        var machine = MachineInfo.current(
            clock: ClockCharacteristics(resolutionNanoseconds: 0, readOverheadNanoseconds: 0), jemallocVersion: jemalloc,
            sqliteVersion: SQLiteConnection.libraryVersion)
        machine.build = build
        return Fingerprint(machine: machine, settings: settings(timing))
    }

    /// A `bench run`'s timing: 1 s of rounds after 0.1 s of warmup.
    static let runTiming = Timing(maxTime: 1, warmup: 0.1)
    /// A repetition's timing in `ab` and `noise`: short processes, so that the two of a pair run
    /// within a second of each other. On this shared VM the machine flips between phases 2× apart
    /// for seconds at a time; 0.05 s per process decided 5 of 7 A/A benchmarks where 0.2 s decided 2.
    static let repetitionTiming = Timing(maxTime: 0.05, warmup: 0.02)

    /// The selected benchmarks of the full suite.
    func select(from suite: Suite) throws -> [Benchmark] {
        do {
            return try suite.select(groups: group, filter: filter)
        } catch {
            throw CommandFailure(status: .usage, message: error.description)
        }
    }
}

/// `--threshold` and `--allow-machine-mismatch`: how comparisons judge.
struct VerdictOptions: ParsableArguments {
    @Option(help: "Changes smaller than this many percent do not matter (per-benchmark overrides aside).")
    var threshold: Double = 3

    @Flag(help: "Compare runs whose machine or settings differ; every verdict is then marked and nothing is gated.")
    var allowMachineMismatch = false

    func validate() throws {
        guard threshold > 0, threshold < 100 else { throw ValidationError("--threshold must be a percentage in (0, 100).") }
    }

    var thresholdFraction: Double { threshold / 100 }
}
