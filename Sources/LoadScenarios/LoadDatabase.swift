import GatePostgres
import GatewayPostgres
import GatewayService

/// Where a load runs: a private copy of the wave that the scenario may write.
public enum LoadDatabase: Sendable {
    /// A scratch copy of the seeded SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL scratch schema with copies of the written tables, in front of the loaded wave;
    /// `seededPath` is the wave's SQLite file, which the population and the scope oracle read.
    /// Workers take a connection from a pool of `poolSize` per request.
    case postgres(PostgresScratch, seededPath: String, poolSize: Int)

    /// The connection pool's size; nil on SQLite, where each worker keeps a connection of its own.
    var poolSize: Int? {
        guard case .postgres(_, _, let size) = self else { return nil }
        return size
    }

    /// The engine's name, for reports.
    public var engine: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// A SQLite file with the wave's rows as the run starts: the population and the scope oracle read it.
    var snapshotPath: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(_, let seededPath, _): seededPath
        }
    }

    /// Creates the seat and flag tables (not part of the waves) and resets the contended team's
    /// seats and the race flag.
    func prepare(seatLimit: Int) throws {
        switch self {
        case .sqlite(let path):
            let connection = try SQLiteConnection(path: path)
            try SeatService.prepareSchema(on: connection)
            try FeatureFlags.prepareSchema(on: connection)
        case .postgres(let scratch, _, _):
            try PostgresSeatService.prepareSchema(on: scratch.connection)
            try PostgresFeatureFlags.prepareSchema(on: scratch.connection)
        }
        let (seats, flags) = try contended()
        try seats.reset(team: LoadContext.contendedTeam, limit: seatLimit)
        try flags.reset(LoadContext.raceFlag)
    }

    /// The seats and flags on the run's own connection, for `prepare` and the invariants after the
    /// run (their tables exist once `prepare` ran).
    func contended() throws -> (seats: any SeatClaims, flags: any FlagToggles) {
        switch self {
        case .sqlite(let path):
            let connection = try SQLiteConnection(path: path)
            return (SeatService(connection: connection), FeatureFlags(connection: connection))
        case .postgres(let scratch, _, _):
            return (try PostgresSeatService(connection: scratch.connection), try PostgresFeatureFlags(connection: scratch.connection))
        }
    }

    /// The services of one worker thread, on a connection of its own.
    func connect(needsAgents: Bool) throws -> WorkerServices {
        switch self {
        case .sqlite(let path):
            let connection = try SQLiteConnection(path: path)
            let busyWaits = BusyWaitMeter(timeout: .seconds(10))
            busyWaits.install(on: connection)
            return WorkerServices(
                tools: try ToolService(connection: connection), teams: try TeamService(connection: connection),
                agents: needsAgents ? try AgentService(connection: connection) : nil,
                seats: SeatService(connection: connection), flags: FeatureFlags(connection: connection), busyWaits: busyWaits)
        case .postgres(let scratch, _, _):
            let connection = try scratch.connect()
            return WorkerServices(
                tools: try PostgresToolService(connection: connection), teams: try PostgresTeamService(connection: connection),
                agents: needsAgents ? try PostgresAgentService(connection: connection) : nil,
                seats: try PostgresSeatService(connection: connection), flags: try PostgresFeatureFlags(connection: connection),
                busyWaits: nil)
        }
    }
}

/// One worker thread's services, all on one connection.
struct WorkerServices {
    let tools: any ToolCatalogService
    let teams: any TeamQueries
    let agents: (any HeartbeatRecorder)?
    let seats: any SeatClaims
    let flags: any FlagToggles
    /// SQLite's busy-handler meter: time spent waiting for another connection's write lock. Nil on
    /// PostgreSQL, where waits for row locks happen inside the server and count as execution.
    let busyWaits: BusyWaitMeter?
}
