import ArgumentParser
import Foundation
import GateBench
import GateBenchReport
import GatePostgres
import GatewayPostgres
import GatewayService
import LoadScenarios

/// `bench load --scenario NAME|PATH`: a traffic mix in phases against the service layer, with
/// assertions (docs/load.md).
struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a load scenario (a traffic mix in phases, with assertions) against the service layer.",
        discussion: """
            Exit status: 0 every assertion held, 1 an assertion failed, 2 bad scenario or flag, 3 an invariant \
            broke (seats over the limit, a lost toggle), 4 environment, 130 interrupted (the phases run so far are \
            printed and saved).
            """)

    @Option(help: "A built-in scenario's name (Scenarios/NAME.yaml) or a scenario file's path.")
    var scenario: String

    /// The data set to run on (a scratch copy of it: scenarios write).
    @OptionGroup var data: DataSetOptions

    /// The engine the scenario runs on.
    @OptionGroup var engine: DatabaseOptions
    private var backend: Backend { engine.backend }

    @Option(help: ArgumentHelp(
        "Connections of the pool the workers share with --backend postgres (default 20).",
        discussion: "Each request takes one and gives it back; the wait shows as 'pool wait' in where the time went."))
    var poolSize: Int?

    /// The pool's size when `--pool-size` is not given: a gateway's usual database pool.
    static let defaultPoolSize = 20

    @Option(help: "Multiply every phase's duration by this (0.1 for a quick run).")
    var durationScale: Double = 1

    @Option(help: "Run every phase that is not a warm-up this long, e.g. 10m or 48h (a soak).")
    var duration: String?

    @Option(help: "How the result is printed on stdout.")
    var format: OutputFormat = .table

    @Option(help: "Also save the whole result as JSON at this path.")
    var json: String?

    @Option(help: "Also write each operation's latency distribution (HdrHistogram .hgrm, ms) into this directory.")
    var hgrmDir: String?

    @Option(help: "Also write the result as an HTML report (timeline, percentiles, searches) at this path.")
    var report: String?

    @Flag(help: "Replace an existing --json or --report file or .hgrm files.")
    var force = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    /// Where built-in scenarios live, relative to the working directory.
    static let builtInDirectory = "Scenarios"

    func validate() throws {
        if let poolSize {
            guard backend == .postgres else { throw ValidationError("--pool-size needs --backend postgres (SQLite workers keep a connection each).") }
            guard (1...1_000).contains(poolSize) else { throw ValidationError("--pool-size must be 1...1000.") }
        }
        guard durationScale > 0, durationScale <= 10_000 else { throw ValidationError("--duration-scale must be in (0, 10000].") }
        if let duration, ScenarioFile.duration(duration) == nil {
            throw ValidationError("--duration takes a positive duration up to 30 days such as 90s, 10m or 48h; got '\(duration)'.")
        }
        try checkOutputPath(json, force: force)
        try checkOutputPath(report, force: force)
        if let hgrmDir {
            // The first part of the path that exists must be a directory: found now, not after the run.
            var existing = hgrmDir
            var isDirectory: ObjCBool = false
            while !FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory) {
                let parent = (existing as NSString).deletingLastPathComponent
                if parent.isEmpty || parent == existing {
                    isDirectory = true
                    break
                }
                existing = parent
            }
            guard isDirectory.boolValue else { throw ValidationError("--hgrm-dir: '\(existing)' is a file, not a directory.") }
        }
    }

    func run() throws {
        var scenario = try loadScenario()
        if let duration, let length = ScenarioFile.duration(duration) { scenario = scenario.withMeasuredPhases(lasting: length) }
        scenario = scenario.scaled(by: durationScale)
        if let hgrmDir, !force {
            let names = scenario.mix.filter { $0.weight > 0 }.map(\.operation.rawValue) + ["all"]
            if let existing = names.map({ "\(hgrmDir)/\(scenario.name)-\($0).hgrm" }).first(where: FileManager.default.fileExists) {
                throw CommandFailure(status: .usage, message: "\(existing) already exists; pass --force to replace it")
            }
        }
        let database: DataStore.Database
        do {
            database = try DataStore(directory: data.dataDir).database(for: data.plan)
        } catch {
            throw CommandFailure(status: .environment, message: error.description)
        }
        let server = backend == .postgres ? try PrivateServer.resolve(.postgres, given: engine.postgresUrl) : nil
        defer { server?.stop() }
        ScratchFiles.removeStale()
        let scratch = ScratchFiles.path("load")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let quiet = self.quiet
        let progress: @Sendable (String) -> Void = { message in if !quiet { FileHandle.standardError.write(Data("\(message)\n".utf8)) } }
        let loadDatabase: LoadDatabase
        if let server, let url = PostgresURL(server.url) {
            loadDatabase = try Self.postgresCopy(
                of: database, plan: data.plan, on: url, poolSize: poolSize ?? Self.defaultPoolSize, progress: progress)
        } else {
            do {
                try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: database.path, toPath: scratch + "/load.sqlite")
            } catch {
                throw CommandFailure(status: .environment, message: "cannot copy the wave to \(scratch): \(error.localizedDescription)")
            }
            loadDatabase = .sqlite(path: scratch + "/load.sqlite")
        }
        let loadRun: LoadRun
        do {
            loadRun = try LoadRun(
                scenario: scenario, wave: data.wave.rawValue, database: loadDatabase, jemalloc: try? Jemalloc(), progress: progress)
        } catch {
            throw CommandFailure(status: .environment, message: String(describing: error))
        }
        let interrupts = Self.stopOnInterrupt(loadRun, server: server)
        let report = try loadRun.run()
        withExtendedLifetime(interrupts) {}
        try emit(report)
        try writeDistributions(loadRun.percentileDistributions(), scenario: scenario.name)
        if report.interrupted { throw CommandFailure(status: .interrupted, message: "interrupted: the phases run so far are reported") }
        if let broken = report.invariants.first(where: { !$0.held }) {
            throw CommandFailure(status: .benchmarkFailed, message: "invariant broken: \(broken.name) (\(broken.detail))")
        }
        if !report.passed {
            throw CommandFailure(
                status: .regression,
                message: "assertion failed: " + report.assertions.filter { !$0.held }.map(\.assertion).joined(separator: ", "))
        }
    }

    /// The wave on the PostgreSQL server (loaded when it is not there) and a scratch schema with
    /// copies of the tables a scenario writes; scratch schemas of killed runs are dropped first.
    private static func postgresCopy(
        of seeded: DataStore.Database, plan: SeedPlan, on url: PostgresURL, poolSize: Int,
        progress: @escaping @Sendable (String) -> Void
    ) throws -> LoadDatabase {
        do {
            let store = PostgresDataStore(url: url)
            try PostgresScratch.removeStale(on: store)
            let loaded = try store.database(for: plan, from: seeded) { step in
                progress("loading \(plan.label) into PostgreSQL: \(step.phase) \(Int(step.fraction * 100)) %")
            }
            let scratch = try PostgresScratch(store: store, database: loaded, tables: .load)
            return .postgres(scratch, seededPath: seeded.path, poolSize: poolSize)
        } catch {
            throw CommandFailure(status: .environment, message: String(describing: error))
        }
    }

    /// The scenario named or at the path given; an unknown name lists the built-in ones.
    private func loadScenario() throws -> Scenario {
        let path: String
        if FileManager.default.fileExists(atPath: scenario) {
            path = scenario
        } else if !scenario.contains("/"), FileManager.default.fileExists(atPath: "\(Self.builtInDirectory)/\(scenario).yaml") {
            path = "\(Self.builtInDirectory)/\(scenario).yaml"
        } else {
            let builtIn = ((try? FileManager.default.contentsOfDirectory(atPath: Self.builtInDirectory)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            throw CommandFailure(
                status: .usage,
                message: "no scenario '\(scenario)': not a file, and not one of the built-in scenarios in \(Self.builtInDirectory)/: "
                    + (builtIn.isEmpty ? "(none found: run from the project's directory)" : builtIn.joined(separator: ", ")))
        }
        do {
            return try ScenarioFile.load(path)
        } catch {
            throw CommandFailure(status: .usage, message: error.description)
        }
    }

    /// `DIR/SCENARIO-OPERATION.hgrm` for each operation and `all`.
    private func writeDistributions(_ texts: [String: String], scenario: String) throws {
        guard let hgrmDir else { return }
        do {
            try FileManager.default.createDirectory(atPath: hgrmDir, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(status: .environment, message: "cannot create \(hgrmDir): \(error.localizedDescription)")
        }
        for (operation, text) in texts.sorted(by: { $0.key < $1.key }) {
            try writeOutput(Data(text.utf8), to: "\(hgrmDir)/\(scenario)-\(operation).hgrm", replacing: force)
        }
    }

    private func emit(_ report: LoadReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(report)
        switch format {
        case .json: print(String(decoding: data, as: UTF8.self))
        case .table, .markdown: print(LoadSummary(report, markdown: format == .markdown).text, terminator: "")
        }
        if let json { try writeOutput(data, to: json, replacing: force) }
        if let path = self.report {
            try writeReport(.load(report), title: "gatebench load \(report.scenario)", source: json ?? report.scenario, to: path, replacing: force)
        }
    }
}

extension Load {
    /// On SIGINT/SIGTERM: stop the load after the requests in flight, then report; a second
    /// signal exits at once (scratch files removed, a private server started for the run stopped;
    /// the next run drops a scratch schema left on a server). Keep the returned sources alive for the run.
    static func stopOnInterrupt(_ run: LoadRun, server: PrivateServer?) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard InterruptGuard.received.exchange(number, ordering: .relaxed) == 0 else {
                    ScratchFiles.removeOwn()
                    server?.stop()
                    Foundation.exit(128 + number)
                }
                FileHandle.standardError.write(Data("\ninterrupted: stopping after the requests in flight\n".utf8))
                run.stop()
            }
            source.resume()
            return source
        }
    }
}
