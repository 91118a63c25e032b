import ArgumentParser
import Foundation
import GateBench
import GateBenchReport
import GateBenchmarks
import GatePostgres
import GateRedis

/// `bench matrix`: the same benchmarks on every engine combination available here, one table.
struct Matrix: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the service benchmarks on each engine combination (sqlite|postgres × L2 off|redis × federation mock|http) and tabulate the medians.",
        discussion: """
            Each combination is one `bench run` child process at the same wave and timing, in turn. Federation's \
            aggregate benchmarks do not touch the database: they run in the sqlite columns on the mock transport, \
            and in a column of their own over HTTP when this build has HTTP federation (--traits HTTPFederation). \
            The servers are resolved (and started when needed) once, before the first combination.
            """)

    /// The benchmarks that have a version on every engine, and federation's aggregates, unless --filter says otherwise.
    static let defaultFilter =
        "^(multi_tenancy|tool_service)/|^heartbeat/heartbeat_update$|^cache/(tiered_|invalidation_storm$)|^federation/(aggregate_100_gateways|refresh_peer_catalog$)"

    @OptionGroup var data: DataSetOptions

    @Option(help: "Run only benchmarks whose 'group/name' matches this regular expression (default: the benchmarks every engine has).")
    var filter: String = Matrix.defaultFilter

    @Option(help: "The PostgreSQL server (default: $GATEBENCH_POSTGRES_URL, else the private server).")
    var postgresUrl: String?

    @Option(help: "The Redis server of the L2 columns (default: $GATEBENCH_REDIS_URL, else the private server).")
    var redisUrl: String?

    @Option(help: "Seconds of measured rounds per benchmark in each combination.")
    var maxTime: Double = 1

    @Option(help: "Also save the table (and every combination's run) as JSON at this path.")
    var json: String?

    @Option(help: "Also write the table as an HTML report at this path (bench report reads the --json file too).")
    var report: String?

    @Flag(help: "Replace an existing --json file.")
    var force = false

    @Option(help: "How the table is printed on stdout.")
    var format: OutputFormat = .table

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    /// One column of the table.
    struct Combination: Sendable {
        let backend: Backend
        let l2: Bool
        var transport: FederationTransport = .mock

        var name: String {
            transport == .http ? "http federation" : backend.rawValue + (l2 ? " + redis L2" : "")
        }

        /// The groups this combination runs (the suite leaves out what the engines have no version of).
        var groups: [String] {
            transport == .http ? ["federation"] : SuiteOptions.postgresGroups
        }

        var arguments: [String] {
            let engines = transport == .http ? ["--transport", "http"]
                : (backend == .sqlite ? [] : ["--backend", "postgres"]) + (l2 ? ["--l2", "redis"] : [])
            return engines + groups.flatMap { ["--group", $0] }
        }

        /// Whether `filter` selects any benchmark of this combination: asked of the suite itself
        /// (its servers are not needed to list it), so a column with nothing to run is not started.
        func selectsAnything(_ filter: String) -> Bool {
            var options = SuiteOptions()
            options.postgres = backend == .postgres ? PostgresURL("postgres://listing-only") : nil
            options.l2 = l2 ? RedisURL("redis://listing-only") : nil
            options.federationTransport = transport
            return (try? BenchSuite.current.make(options).select(groups: groups, filter: filter))?.isEmpty == false
        }
    }

    static var combinations: [Combination] {
        [
            Combination(backend: .sqlite, l2: false), Combination(backend: .sqlite, l2: true),
            Combination(backend: .postgres, l2: false), Combination(backend: .postgres, l2: true),
        ] + (FederationTransport.http.isAvailable ? [Combination(backend: .sqlite, l2: false, transport: .http)] : [])
    }

    func validate() throws {
        guard maxTime > 0, maxTime <= 3_600 else { throw ValidationError("--max-time must be in (0, 3600] seconds.") }
        guard (try? Regex(filter)) != nil else { throw ValidationError("--filter is not a regular expression: \(filter)") }
        try checkOutputPath(json, force: force)
        try checkOutputPath(report, force: force)
    }

    func run() async throws {
        InterruptGuard.install()
        let progress = ProgressLine(quiet: quiet)
        let postgres = try PrivateServer.resolve(.postgres, given: postgresUrl)
        defer { postgres.stop() }
        let redis: PrivateServer
        do {
            redis = try PrivateServer.resolve(.redis, given: redisUrl)
        } catch {
            postgres.stop()
            throw error
        }
        defer { redis.stop() }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let scratch = ScratchFiles.path("matrix")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var runs: [(Combination, RunDocument)] = []
        var failures: [String] = []
        for (index, combination) in Self.combinations.enumerated()
        where !InterruptGuard.isInterrupted && combination.selectsAnything(filter) {
            progress.update("matrix \(index + 1)/\(Self.combinations.count): \(combination.name)")
            let output = "\(scratch)/\(index).json"
            let result = try ChildProcess.run(
                executable,
                ["run", "--wave", data.wave.rawValue, "--seed", String(data.seed), "--data-dir", data.dataDir, "--filter", filter,
                 "--max-time", String(maxTime), "--json", output, "--quiet", "--format", "json"] + combination.arguments)
            if let document = try? BaselineFile.load(output) { runs.append((combination, document)) }
            if result.status != 0 {
                failures.append("\(combination.name) (exit \(result.status)): \(result.tail(5))")
            }
        }
        progress.clear()
        let table = EngineMatrix(runs: runs.map { ($0.0.name, $0.1) })
        switch format {
        case .table: print(table.text(), terminator: "")
        case .markdown: print(table.markdown(), terminator: "")
        case .json: print(String(decoding: try table.encoded(), as: UTF8.self))
        }
        if let json { try writeOutput(try table.encoded(), to: json, replacing: force) }
        if let report { try writeReport(.matrix(table), title: "gatebench engines, wave \(data.wave.rawValue)", source: json ?? "matrix", to: report, replacing: force) }
        if InterruptGuard.isInterrupted {
            throw CommandFailure(status: .interrupted, message: "interrupted: \(runs.count) of \(Self.combinations.count) combinations measured")
        }
        if !failures.isEmpty {
            throw CommandFailure(status: .benchmarkFailed, message: "combinations failed:\n" + failures.joined(separator: "\n"))
        }
    }
}
