import GatePostgres
import GatewayService

/// `AgentService`'s heartbeat on PostgreSQL: read the agent, update it guarded by
/// `retired_at IS NULL`, append an audit event, in one transaction. The server's defaults decide
/// durability (`synchronous_commit = on`: a commit waits for its WAL flush).
/// Not thread-safe: one caller at a time (see `PostgresConnection`).
public final class PostgresAgentService: HeartbeatRecorder, @unchecked Sendable {
    private let connection: PostgresConnection
    private let read: PreparedQuery
    private let update: PreparedQuery
    private let audit: PreparedQuery

    public init(connection: PostgresConnection) throws(PostgresError) {
        self.connection = connection
        read = try connection.prepare("SELECT retired_at IS NOT NULL FROM agents WHERE id = $1")
        update = try connection.prepare(
            """
            UPDATE agents SET last_heartbeat_at = $2,
                version = CASE WHEN $3 = '' THEN version ELSE $3 END,
                hostname = CASE WHEN $4 = '' THEN hostname ELSE $4 END,
                os = CASE WHEN $5 = '' THEN os ELSE $5 END,
                architecture = CASE WHEN $6 = '' THEN architecture ELSE $6 END
            WHERE id = $1 AND retired_at IS NULL
            """)
        audit = try connection.prepare(
            "INSERT INTO audit_events (agent_id, action, details, created_at) VALUES ($1, 'agent.heartbeat', $2, $3)")
    }

    public func heartbeat(_ beat: Heartbeat) throws -> HeartbeatOutcome {
        try connection.transaction { try record(beat) }
    }

    public func heartbeats(_ beats: [Heartbeat]) throws -> [HeartbeatOutcome] {
        try connection.transaction { try beats.map { try record($0) } }
    }

    private func record(_ beat: Heartbeat) throws(PostgresError) -> HeartbeatOutcome {
        read.bind(beat.agentID)
        let agent = try read.run()
        guard agent.count == 1 else { return .notFound }
        if agent.firstByte(0, 0) == UInt8(ascii: "t") { return .gone }
        update.bind(beat.agentID)
        update.bind(beat.at)
        update.bind(beat.metadata.version)
        update.bind(beat.metadata.hostname)
        update.bind(beat.metadata.os)
        update.bind(beat.metadata.architecture)
        guard try update.run().affectedRows == 1 else { return .gone }
        audit.bind(beat.agentID)
        audit.bind(beat.metadata.version)
        audit.bind(beat.at)
        _ = try audit.run()
        return .updated
    }
}
