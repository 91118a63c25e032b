import ArgumentParser
import GateBenchmarks
import GatePostgres
import GateRedis

/// The database engine of the service benchmarks.
enum Backend: String, ExpressibleByArgument, CaseIterable {
    /// The embedded file (default).
    case sqlite
    /// A PostgreSQL server.
    case postgres
}

/// The second-level cache of the L1/L2 cache benchmarks.
enum L2Choice: ExpressibleByArgument, Equatable {
    /// No L2: the tiered benchmarks are left out.
    case off
    /// Redis: at the URL given, or `$GATEBENCH_REDIS_URL`, or the private server of scripts/redis.sh.
    case redis(url: String?)

    init?(argument: String) {
        if argument == "off" {
            self = .off
        } else if argument == "redis" {
            self = .redis(url: nil)
        } else if argument.hasPrefix("redis="), RedisURL(String(argument.dropFirst(6))) != nil {
            self = .redis(url: String(argument.dropFirst(6)))
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { "off" }
    static var allValueStrings: [String] { ["off", "redis", "redis=URL"] }
    var isOn: Bool { self != .off }
}

extension FederationTransport: ExpressibleByArgument {}

/// `--backend` and `--postgres-url`: the database engine, for every command that runs on one.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The database engine of the benchmarks that touch one (multi_tenancy, tool_service, cache/invalidation_storm, federation/refresh_peer_catalog, heartbeat) or of a load.")
    var backend: Backend = .sqlite

    @Option(help: ArgumentHelp(
        "The PostgreSQL server of --backend postgres.",
        discussion: "Default: $GATEBENCH_POSTGRES_URL, else the private server of scripts/postgres.sh, started when needed and stopped after."))
    var postgresUrl: String?

    func validate() throws {
        guard let postgresUrl else { return }
        guard backend == .postgres else { throw ValidationError("--postgres-url needs --backend postgres.") }
        guard PostgresURL(postgresUrl) != nil else {
            throw ValidationError("--postgres-url must start with postgres:// or postgresql://.")
        }
    }
}

/// `--backend`, `--postgres-url`, `--l2` and `--transport`: shared by `run`, `ab`, `noise`, `scale` and `seed`.
struct BackendOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    var backend: Backend { database.backend }
    var postgresUrl: String? { database.postgresUrl }

    @Option(help: ArgumentHelp(
        "The L2 behind the L1 cache: off, redis, or redis=redis://[:PASSWORD@]HOST:PORT[/DB].",
        discussion: "redis adds cache/tiered_l1_hit, tiered_l2_hit and tiered_miss; without a URL: $GATEBENCH_REDIS_URL, else the private server of scripts/redis.sh."))
    var l2: L2Choice = .off

    @Option(help: "How federation's aggregate benchmarks reach their peers: mock (in process) or http (servers on loopback; a build with --traits HTTPFederation).")
    var transport: FederationTransport = .mock

    func validate() throws {
        guard transport.isAvailable else {
            throw ValidationError(
                "--transport http needs a build with HTTP federation: swift build -c release --traits HTTPFederation (make http).")
        }
    }
}
