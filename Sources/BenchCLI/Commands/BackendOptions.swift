import ArgumentParser
import GatePostgres

/// The database engine of the service benchmarks.
enum Backend: String, ExpressibleByArgument, CaseIterable {
    /// The embedded file (default).
    case sqlite
    /// A PostgreSQL server.
    case postgres
}

/// `--backend` and `--postgres-url`: shared by `run`, `ab`, `noise`, `scale` and `seed`.
struct BackendOptions: ParsableArguments {
    @Option(help: "The database engine of multi_tenancy, tool_service and heartbeat.")
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
