#if canImport(Glibc)
import Glibc
#endif

/// What a heartbeat did.
public enum HeartbeatOutcome: Sendable, Equatable {
    /// The agent's heartbeat and metadata were stored and an audit event written.
    case updated
    /// The agent is retired: nothing was written.
    case gone
    /// No agent has this id.
    case notFound
}

/// What an agent reports with its heartbeat; an empty field keeps the stored value.
public struct HeartbeatMetadata: Sendable, Equatable {
    public var version: String
    public var hostname: String
    public var os: String
    public var architecture: String

    public init(version: String = "", hostname: String = "", os: String = "", architecture: String = "") {
        self.version = version
        self.hostname = hostname
        self.os = os
        self.architecture = architecture
    }
}

/// One heartbeat to record.
public struct Heartbeat: Sendable, Equatable {
    public var agentID: Int64
    public var metadata: HeartbeatMetadata
    /// Unix milliseconds.
    public var at: Int64

    public init(agentID: Int64, metadata: HeartbeatMetadata = HeartbeatMetadata(), at: Int64) {
        self.agentID = agentID
        self.metadata = metadata
        self.at = at
    }
}

/// The agent fleet's hot path, as certctl does it: read the agent, update its heartbeat guarded by
/// `retired_at IS NULL`, append an audit event. Not thread-safe: one caller at a time.
public final class AgentService: @unchecked Sendable {
    private let connection: SQLiteConnection
    private let checkpointer: WALCheckpointer
    private let read: Statement
    private let update: Statement
    private let audit: Statement

    /// Opens the service on a writable connection and switches it to WAL with `synchronous = NORMAL`,
    /// the durability setting of a production SQLite gateway, with checkpoints on a background
    /// connection instead of inline in a commit.
    ///
    /// The log file is reused, never truncated inside a commit (SQLite's default `journal_size_limit`):
    /// with a 64 MiB limit, the commit that restarted a larger log spent 83–93 ms in `ftruncate` on
    /// ext4 here, and every commit that regrew it waited on the checkpointer's `fdatasync` (3–12 ms,
    /// `perf trace --duration 3` on the storm). `boundWAL` keeps the file bounded instead.
    ///
    /// The connection waits up to `busyTimeoutMilliseconds` for a lock another connection holds.
    /// The background checkpointer is the only other connection on the file; without a wait, one
    /// full default run in five lost the storm's result to "database is locked" on `BEGIN
    /// IMMEDIATE` (most likely the moment SQLite's checkpoint takes the write lock to re-read a
    /// log header that a commit is rewriting; a test holds the lock from a second connection).
    public init(connection: SQLiteConnection) throws(SQLiteError) {
        self.connection = connection
        try connection.execute(
            """
            PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;
            PRAGMA busy_timeout = \(Self.busyTimeoutMilliseconds);
            """)
        checkpointer = try WALCheckpointer(path: connection.path)
        read = try connection.prepare("SELECT retired_at IS NOT NULL FROM agents WHERE id = ?")
        update = try connection.prepare(
            """
            UPDATE agents SET last_heartbeat_at = ?2,
                version = CASE WHEN ?3 = '' THEN version ELSE ?3 END,
                hostname = CASE WHEN ?4 = '' THEN hostname ELSE ?4 END,
                os = CASE WHEN ?5 = '' THEN os ELSE ?5 END,
                architecture = CASE WHEN ?6 = '' THEN architecture ELSE ?6 END
            WHERE id = ?1 AND retired_at IS NULL
            """)
        audit = try connection.prepare(
            "INSERT INTO audit_events (agent_id, action, details, created_at) VALUES (?, 'agent.heartbeat', ?, ?)")
    }

    /// How long a heartbeat waits for another connection's lock before it fails.
    public static let busyTimeoutMilliseconds = 5_000

    /// `boundWAL()`'s default limit.
    public static let walLimitBytes = 64 << 20

    /// Keeps the write-ahead log bounded: when it has grown past `limit` (passive checkpoints cannot
    /// finish under a continuous writer), checkpoints it fully and truncates it. Costs a `stat` when
    /// below the limit; the truncating checkpoint blocks the writer (~100 ms at 64 MiB here).
    public func boundWAL(above limit: Int = walLimitBytes) throws(SQLiteError) {
        var status = stat()
        guard stat(connection.path + "-wal", &status) == 0, Int(status.st_size) > limit else { return }
        try checkpoint("TRUNCATE")
    }

    /// Checkpoints the whole log and makes the next commit write it from the start again, keeping
    /// the file (and its allocated blocks) as it is: an untimed reset between loads, so that one
    /// load's log does not carry into the next. Blocks the writer for the checkpoint.
    public func restartWAL() throws(SQLiteError) {
        try checkpoint("RESTART")
    }

    private func checkpoint(_ mode: String) throws(SQLiteError) {
        // The background checkpointer may hold the checkpoint lock: then the checkpoint reports busy; retry.
        let checkpoint = try connection.prepare("PRAGMA wal_checkpoint(\(mode))")
        for _ in 0..<1_000 {
            guard try checkpoint.step() else { break }
            let busy = checkpoint.int64(at: 0) != 0
            checkpoint.reset()
            if !busy { return }
            usleep(1_000)
        }
    }

    deinit {
        checkpointer.stop()
    }

    /// Records one heartbeat in its own transaction (autocommit of the read, update and audit as one unit).
    public func heartbeat(_ beat: Heartbeat) throws -> HeartbeatOutcome {
        try connection.transaction { try record(beat) }
    }

    /// Records several heartbeats in one transaction (group commit): one commit for the batch.
    public func heartbeats(_ beats: [Heartbeat]) throws -> [HeartbeatOutcome] {
        try connection.transaction { try beats.map { try record($0) } }
    }

    private func record(_ beat: Heartbeat) throws(SQLiteError) -> HeartbeatOutcome {
        read.bind(beat.agentID, at: 1)
        guard try read.step() else {
            read.reset()
            return .notFound
        }
        let isRetired = read.int64(at: 0) != 0
        read.reset()
        if isRetired { return .gone }
        update.bind(beat.agentID, at: 1)
        update.bind(beat.at, at: 2)
        update.bind(beat.metadata.version, at: 3)
        update.bind(beat.metadata.hostname, at: 4)
        update.bind(beat.metadata.os, at: 5)
        update.bind(beat.metadata.architecture, at: 6)
        try update.run()
        guard connection.changes == 1 else { return .gone }
        audit.bind(beat.agentID, at: 1)
        audit.bind(beat.metadata.version, at: 2)
        audit.bind(beat.at, at: 3)
        try audit.run()
        return .updated
    }
}
