/// The agent fleet's write path, whatever the engine: `AgentService` (SQLite) and the PostgreSQL one.
public protocol HeartbeatRecorder: AnyObject, Sendable {
    /// Records one heartbeat in its own transaction.
    func heartbeat(_ beat: Heartbeat) throws -> HeartbeatOutcome
    /// Records several heartbeats in one transaction (group commit).
    func heartbeats(_ beats: [Heartbeat]) throws -> [HeartbeatOutcome]
}

extension AgentService: HeartbeatRecorder {}
