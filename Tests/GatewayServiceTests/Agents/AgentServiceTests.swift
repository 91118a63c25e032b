import Foundation
import Testing

@testable import GatewayService

struct AgentServiceTests {
    @Test func heartbeatOutcomesAndWrites() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let agents = try AgentService(connection: db)
        let live = try db.integer("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id LIMIT 1")
        let retired = try db.integer("SELECT id FROM agents WHERE retired_at IS NOT NULL ORDER BY id LIMIT 1")
        let oldHostname = try db.prepare("SELECT hostname FROM agents WHERE id = \(live)")
        #expect(try oldHostname.step())
        let hostname = oldHostname.string(at: 0)
        oldHostname.reset()
        let at = SeedPlan.referenceMilliseconds + 5_000
        let beat = Heartbeat(agentID: live, metadata: HeartbeatMetadata(version: "2.0.0", os: "linux"), at: at)
        #expect(try agents.heartbeat(beat) == .updated)
        #expect(try db.integer("SELECT last_heartbeat_at FROM agents WHERE id = \(live)") == at)
        #expect(try db.integer("SELECT count(*) FROM agents WHERE id = \(live) AND version = '2.0.0'") == 1)
        #expect(try db.integer("SELECT count(*) FROM agents WHERE id = \(live) AND hostname = '\(hostname)'") == 1,
                "an empty field keeps its old value")
        #expect(try db.integer("SELECT count(*) FROM audit_events WHERE agent_id = \(live)") == 1)

        let retiredBefore = try db.integer("SELECT last_heartbeat_at FROM agents WHERE id = \(retired)")
        #expect(try agents.heartbeat(Heartbeat(agentID: retired, at: at)) == .gone)
        #expect(try db.integer("SELECT last_heartbeat_at FROM agents WHERE id = \(retired)") == retiredBefore)
        #expect(try agents.heartbeat(Heartbeat(agentID: 999_999, at: at)) == .notFound)
        #expect(try db.integer("SELECT count(*) FROM audit_events") == 1, "no write for gone or unknown agents")
    }

    /// Another connection holding the write lock for a moment (as the background checkpointer
    /// may) makes a heartbeat wait, not fail with "database is locked".
    @Test func aHeartbeatWaitsForAMomentaryWriteLock() throws {
        let directory = try TemporaryDirectory()
        let (database, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let agents = try AgentService(connection: db)
        let live = try db.integer("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id LIMIT 1")
        let other = try SQLiteConnection(path: database.path)
        try other.execute("BEGIN IMMEDIATE")
        let released = Thread {
            usleep(200_000)
            try? other.execute("COMMIT")
        }
        released.start()
        let at = SeedPlan.referenceMilliseconds + 5_000
        #expect(try agents.heartbeat(Heartbeat(agentID: live, at: at)) == .updated)
        #expect(try db.integer("SELECT last_heartbeat_at FROM agents WHERE id = \(live)") == at)
    }

    /// A continuous writer outruns passive checkpoints; `boundWAL()` between rounds keeps the log bounded.
    @Test func theWriteAheadLogStaysBounded() throws {
        let directory = try TemporaryDirectory()
        let (database, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let agents = try AgentService(connection: db)
        let ids = try db.integers("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id")
        var largest = 0
        for round in 0..<120 {
            for (index, id) in ids.prefix(100).enumerated() {
                _ = try agents.heartbeat(Heartbeat(agentID: id, at: Int64(round * 1_000 + index)))
            }
            try agents.boundWAL()
            let size = (try? FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int) ?? 0
            largest = max(largest, size)
        }
        #expect(largest <= AgentService.walLimitBytes, "the WAL reached \(largest) bytes")
    }

    /// After `restartWAL()` the log is written from its start again: the file neither grows nor shrinks.
    @Test func restartingTheLogReusesTheFile() throws {
        let directory = try TemporaryDirectory()
        let (database, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let agents = try AgentService(connection: db)
        let ids = try db.integers("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id")
        func walSize() -> Int {
            (try? FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int) ?? 0
        }
        for round in 0..<10 {
            for (index, id) in ids.enumerated() { _ = try agents.heartbeat(Heartbeat(agentID: id, at: Int64(round * 10_000 + index))) }
        }
        let grown = walSize()
        #expect(grown > 1 << 20)
        try agents.restartWAL()
        for (index, id) in ids.prefix(20).enumerated() { _ = try agents.heartbeat(Heartbeat(agentID: id, at: Int64(200_000 + index))) }
        #expect(walSize() == grown, "the file is kept and overwritten from the start")
        #expect(try db.integer("SELECT count(*) FROM audit_events") == ids.count * 10 + 20)
    }

    @Test func groupCommitRecordsEveryBeat() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let agents = try AgentService(connection: db)
        let ids = try db.integers("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id LIMIT 10")
        let outcomes = try agents.heartbeats(ids.map { Heartbeat(agentID: $0, at: 7) } + [Heartbeat(agentID: -5, at: 7)])
        #expect(outcomes == Array(repeating: .updated, count: 10) + [.notFound])
        #expect(try db.integer("SELECT count(*) FROM agents WHERE last_heartbeat_at = 7") == 10)
        #expect(try db.integer("SELECT count(*) FROM audit_events") == 10)
    }
}
