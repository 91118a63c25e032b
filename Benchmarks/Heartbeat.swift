import GateBench
import GatewayPostgres
import GatewayService

/// The live agents of a private copy of the wave, and an increasing heartbeat clock.
final class Fleet: @unchecked Sendable {
    // @unchecked Sendable: used by one benchmark body at a time.
    let agents: any HeartbeatRecorder
    /// The SQLite copy and its service (nil on PostgreSQL), for the write-ahead log's upkeep.
    private let sqlite: (scratch: ScratchDatabase, agents: AgentService)?
    /// The PostgreSQL copy of the written tables (nil on SQLite).
    private let postgres: PostgresScratch?
    let liveAgentIDs: [Int64]
    private var next = 0
    private var now = SeedPlan.referenceMilliseconds

    init(_ data: SeededData) throws {
        if data.options.postgres != nil {
            let (store, database) = try data.postgres()
            let scratch = try PostgresScratch(store: store, database: database, tables: .heartbeats)
            postgres = scratch
            sqlite = nil
            agents = try PostgresAgentService(connection: scratch.connection)
        } else {
            let scratch = try data.scratchCopy()
            let service = try AgentService(connection: scratch.connection)
            sqlite = (scratch, service)
            postgres = nil
            agents = service
        }
        let statement = try data.reader().prepare("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id")
        var ids: [Int64] = []
        while try statement.step() { ids.append(statement.int64(at: 0)) }
        statement.reset()
        liveAgentIDs = ids
        try check(!ids.isEmpty, "the fleet has no live agent")
    }

    /// The next agent's heartbeat, round-robin, one millisecond after the previous one.
    func nextBeat() -> Heartbeat {
        next = next == liveAgentIDs.count - 1 ? 0 : next + 1
        now += 1
        return Heartbeat(agentID: liveAgentIDs[next], metadata: HeartbeatMetadata(version: "1.5.0"), at: now)
    }

    func beat() throws {
        let outcome = try agents.heartbeat(nextBeat())
        try check(outcome == .updated, "a live agent's heartbeat was \(outcome)")
    }

    /// SQLite's `AgentService.boundWAL`; nothing on PostgreSQL, whose server manages its own log.
    func boundWAL(above limit: Int = AgentService.walLimitBytes) throws {
        try sqlite?.agents.boundWAL(above: limit)
    }

    /// SQLite's `AgentService.restartWAL`; nothing on PostgreSQL.
    func restartWAL() throws {
        try sqlite?.agents.restartWAL()
    }
}

extension Suite {
    /// The `heartbeat` group of docs/workloads.md.
    mutating func addHeartbeat(_ data: SeededData) {
        let params = data.options.params
        add(
            Benchmark(
                "heartbeat", "heartbeat_update", params: params,
                setup: { () -> Fleet in
                    let fleet = try Fleet(data)
                    try fleet.beat()
                    return fleet
                },
                afterRound: { fleet in try fleet.boundWAL() },
                teardown: { fleet in ["agents": .count(fleet.liveAgentIDs.count)] },
                body: { fleet in try fleet.beat() }))
        let options = data.options
        add(
            Benchmark(
                "heartbeat", "heartbeat_storm",
                params: params.merging(
                    ["rate": "\(options.heartbeatRate)", "duration_s": "\(options.stormDuration.inSeconds)",
                     "p99_bound_ms": "\(options.p99Bound.inSeconds * 1_000)"]) { $1 },
                setup: { HeartbeatStorm(data: data, options: options) },
                teardown: { storm in storm.report() },
                measure: { storm in try storm.measure() }))
        // Open-loop latencies on a shared machine swing by tens of percent between runs.
        setThreshold(0.5, for: "heartbeat", "heartbeat_storm")
    }
}
