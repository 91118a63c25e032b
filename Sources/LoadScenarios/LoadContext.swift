import Foundation
import GateBench
import GatePostgres
import GatewayService
import Synchronization

/// What every worker of a load run shares: the scratch database, the users who drive the
/// requests, the L1 cache, the live agents and the tools the run created.
final class LoadContext: Sendable {
    let database: LoadDatabase
    /// The connections workers take per request on PostgreSQL; nil on SQLite (a connection per worker).
    let pool: ConnectionPool<WorkerServices>?
    /// The population's users (email), rank order: the first is the most active.
    let userEmails: [String]
    /// Cumulative Zipf weights over `userEmails`, for drawing a user.
    private let userCumulative: [Double]
    let agentIDs: [Int64]
    let gatewayIDs: [Int64]
    /// The listing cache every worker reads through (`cached_get`) and invalidates (writes).
    let cache: L1Cache<[Tool], CoarseClock>
    /// Tools this run created and has not deleted, for `update_tool` and `delete_tool`.
    let createdTools = Mutex<[Int64]>([])
    /// Distinct tool names and heartbeat clock across workers.
    let sequence = Atomic<Int64>(0)

    /// Scoped listings checked against the brute-force oracle, and those that showed a tool the
    /// user may not see (a leak across tenants) or missed one.
    let scopeChecks = Atomic(0)
    let scopeViolations = Mutex<[String]>([])

    /// The peer `peer_refresh` refreshes, its catalogue's two versions, and the refreshes so far.
    let refreshedGateway: Int64
    let catalogVersions: [[PeerTool]]
    let refreshes = Atomic(0)

    /// Memory `test_leak_1kib` keeps on purpose.
    let leaked = Mutex<[[UInt8]]>([])

    static let cachedListingKey = "tools:enabled"
    /// The team `claim_seat` contends for, and the flag `toggle_flag` flips.
    static let contendedTeam: Int64 = 1
    static let raceFlag = "load-race-check"

    init(database: LoadDatabase, population: Scenario.Population, seatLimit: Int, needsAgents: Bool) throws {
        self.database = database
        pool = database.poolSize.map { size in ConnectionPool(capacity: size) { try database.connect(needsAgents: needsAgents) } }
        try database.prepare(seatLimit: seatLimit)
        let connection = try SQLiteConnection(path: database.snapshotPath, readOnly: true)
        func column<T>(_ sql: String, _ read: (Statement) -> T) throws -> [T] {
            let statement = try connection.prepare(sql)
            var values: [T] = []
            while try statement.step() { values.append(read(statement)) }
            statement.reset()
            return values
        }
        userEmails = try column("SELECT email FROM users ORDER BY id LIMIT \(population.users)") { $0.string(at: 0) }
        agentIDs = try column("SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id") { $0.int64(at: 0) }
        gatewayIDs = try column("SELECT id FROM peer_gateways ORDER BY id") { $0.int64(at: 0) }
        guard !userEmails.isEmpty, !agentIDs.isEmpty, !gatewayIDs.isEmpty else {
            throw LoadFailure.setup("the wave has no users, live agents or peer gateways")
        }
        // As the federation group's refresh_peer_catalog: 550 generated tools, two overlapping versions of 500.
        let gateway = try PeerGateway.all(in: connection)[0]
        refreshedGateway = gateway.id
        let base = PeerCatalogGenerator.catalogs(for: [gateway], toolsPerGateway: 550, seed: 42)[gateway.id] ?? []
        catalogVersions = [
            Array(base.prefix(500)),
            base.dropFirst(50).map { PeerTool(originalName: $0.originalName, description: $0.description + " (v2)", inputSchema: $0.inputSchema) },
        ]
        var total = 0.0
        userCumulative = userEmails.indices.map { rank in
            total += 1 / pow(Double(rank + 1), population.skew)
            return total
        }
        cache = L1Cache(byteBudget: 256 << 20, clock: CoarseClock()) { tools in tools.count * 1_024 }
    }

    /// A user drawn from the population with `random` in [0, 1).
    func user(_ random: Double) -> String {
        let target = random * userCumulative[userCumulative.count - 1]
        var low = 0, high = userCumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if userCumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return userEmails[low]
    }
}

/// A load run that could not start or could not go on.
public enum LoadFailure: Error, CustomStringConvertible {
    case setup(String)
    /// A check of the service's own answers failed: an invariant broke (exit 3).
    case invariant(String)

    public var description: String {
        switch self {
        case .setup(let message): "cannot set up the load: \(message)"
        case .invariant(let message): "invariant broken: \(message)"
        }
    }
}
