import GateBench
import GatePostgres
import GateRedis
import GatewayService

/// What the command line passes to the benchmark groups.
public struct SuiteOptions: Sendable {
    /// The data set the service benchmarks run on.
    public var wave: Wave = .small
    /// The seed of the data set's generator.
    public var seed: UInt64 = 42
    /// Where seeded databases are kept.
    public var dataDirectory = ".benchdata"
    /// The PostgreSQL server the database benchmarks run on; nil for the embedded SQLite file.
    public var postgres: PostgresURL?
    /// How the federation benchmarks reach their peers.
    public var federationTransport: FederationTransport = .mock
    /// The Redis server of the L1/L2 cache benchmarks; nil leaves them out.
    public var l2: RedisURL?
    /// Byte budget of `cache/get_or_set_working_set`, in GiB.
    public var cacheGigabytes: Double = 1
    /// Arrival rate of `heartbeat/heartbeat_storm`'s constant phase, per second.
    public var heartbeatRate: Double = 167
    /// Duration of the storm's constant phase.
    public var stormDuration: Duration = .seconds(5)
    /// Duration of each ramp step of the storm.
    public var rampStepDuration: Duration = .seconds(1)
    /// The p99 latency the storm's ramp must hold.
    public var p99Bound: Duration = .milliseconds(10)
    /// Told about slow set-up work (seeding on first use), for a progress display.
    public var note: @Sendable (String) -> Void = { _ in }

    public init() {}

    /// The params every service benchmark records (and `backend` when it is not SQLite).
    var params: [String: String] {
        ["wave": wave.rawValue, "seed": String(seed)].merging(postgres == nil ? [:] : ["backend": "postgres"]) { $1 }
    }

    /// The groups that have benchmarks on PostgreSQL: those that touch the database (`cache`:
    /// `invalidation_storm` and, with `--l2`, the L1/L2 benchmarks; `federation`:
    /// `refresh_peer_catalog`). In-memory benchmarks (the L1 alone, fetching peers) and `harness`
    /// do not depend on the backend and run with the default one.
    public static let postgresGroups = ["multi_tenancy", "tool_service", "cache", "federation", "heartbeat"]
}

extension Suite {
    /// The full suite: every group this package defines.
    public static func gatebench(_ options: SuiteOptions) -> Suite {
        let data = SeededData(options: options)
        var suite = Suite()
        if options.postgres != nil {
            suite.addMultiTenancy(data)
            suite.addToolService(data)
            suite.addCacheLoads(data)
            if let l2 = options.l2 { suite.addTieredCache(data, url: l2) }
            suite.addPeerRefresh(data)
            suite.addHeartbeat(data)
            return suite
        }
        suite.addHarness()
        suite.addMultiTenancy(data)
        suite.addToolService(data)
        suite.addCache(data)
        if let l2 = options.l2 { suite.addTieredCache(data, url: l2) }
        suite.addFederation(data)
        suite.addHeartbeat(data)
        return suite
    }
}

/// A benchmark's self-check found a wrong answer: the benchmark fails instead of reporting a time.
struct WrongAnswer: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Throws `WrongAnswer(message)` unless `condition` holds.
func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw WrongAnswer(message()) }
}
