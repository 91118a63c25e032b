import GateBench
import GatePostgres
import GatewayService

/// How one request ended.
enum RequestOutcome: Sendable, Equatable {
    case ok
    /// An expected rejection: not found, gone, conflict, full.
    case rejected(String)
    case error(String)
}

/// Where one request's time went, besides executing: measured, for the bottleneck report.
struct RequestCost {
    /// Sleeping in SQLite's busy handler: another connection held the write lock.
    var lockWaitNanoseconds: UInt64 = 0
    /// Busy-handler retries: each a sleep and another try for the lock.
    var lockRetries = 0
    /// Waiting for a free connection of the PostgreSQL pool.
    var poolWaitNanoseconds: UInt64 = 0
    /// Loading the listing on an L1 cache miss (`cached_get`).
    var cacheLoadNanoseconds: UInt64 = 0
    var cacheMiss = false
}

/// One worker's services on its own connection, executing one operation per request. On SQLite
/// (WAL): readers in parallel, one writer at a time, others waiting up to the busy timeout; on
/// PostgreSQL: row locks queue in the server.
final class ServiceWorker: @unchecked Sendable {
    // @unchecked Sendable: handed to one thread, which alone uses it.
    private let context: LoadContext
    /// Where this worker's services come from: its own connection (SQLite), or the context's pool
    /// per request (PostgreSQL).
    private enum Source {
        case owned(WorkerServices)
        case pooled(ConnectionPool<WorkerServices>)
    }

    private let source: Source
    private var cost = RequestCost()
    private var cursor: ToolCursor?
    /// The scope oracle, when the scenario verifies scoped listings (loaded on first use).
    private var oracle: BruteForceScope?
    private let verifyScope: Double
    /// Whether the scenario writes tools: then the oracle's snapshot goes stale, and only leaks
    /// (tools shown that the user may not see) are checked, not completeness.
    private let toolsChange: Bool
    private var random: SplitMix64

    init(context: LoadContext, seed: UInt64, needsAgents: Bool, verifyScope: Double = 0, toolsChange: Bool = false) throws {
        self.context = context
        self.verifyScope = verifyScope
        self.toolsChange = toolsChange
        if let pool = context.pool {
            source = .pooled(pool)
        } else {
            source = .owned(try context.database.connect(needsAgents: needsAgents))
        }
        random = SplitMix64(seed: seed)
    }

    /// A uniform random number in [0, 1).
    func uniform() -> Double { random.nextUnit() }

    /// Runs `operation` for a user drawn from the population; says how it ended and where its time went.
    func perform(_ operation: LoadOperation) -> (RequestOutcome, RequestCost) {
        cost = RequestCost()
        let services: WorkerServices
        switch source {
        case .owned(let own):
            services = own
        case .pooled(let pool):
            do {
                let taken = try pool.take()
                services = taken.resource
                cost.poolWaitNanoseconds = taken.waitedNanoseconds
            } catch {
                return (.error(String(describing: error)), cost)
            }
        }
        defer { if case .pooled(let pool) = source { pool.putBack(services) } }
        let busyWaits = services.busyWaits
        let waitedBefore = busyWaits?.waitedNanoseconds ?? 0
        let retriesBefore = busyWaits?.retries ?? 0
        let outcome: RequestOutcome
        do {
            outcome = try run(operation, on: services)
        } catch {
            outcome = .error(String(describing: error))
        }
        cost.lockWaitNanoseconds = (busyWaits?.waitedNanoseconds ?? 0) - waitedBefore
        cost.lockRetries = (busyWaits?.retries ?? 0) - retriesBefore
        return (outcome, cost)
    }

    private func run(_ operation: LoadOperation, on services: WorkerServices) throws -> RequestOutcome {
        let (tools, teams, agents, seats, flags) = (services.tools, services.teams, services.agents, services.seats, services.flags)
        switch operation {
        case .noop:
            return .ok
        case .testLeak:
            let kept = [UInt8](repeating: 1, count: 1_024)
            context.leaked.withLock { $0.append(kept) }
            return .ok
        case .peerRefresh:
            let number = context.refreshes.add(1, ordering: .relaxed).newValue
            _ = try tools.refreshCatalog(
                gatewayID: context.refreshedGateway, tools: context.catalogVersions[number % 2], ownerEmail: UserEmail.of(1),
                at: 1_900_000_000_000 + Int64(number))
            context.cache.invalidate(LoadContext.cachedListingKey)
            return .ok
        case .claimSeat:
            let number = context.sequence.add(1, ordering: .relaxed).newValue
            let claim = try seats.claim(team: LoadContext.contendedTeam, user: "joiner-\(number)@load.test", at: number)
            return claim == .joined ? .ok : .rejected(claim.rawValue)
        case .toggleFlag:
            return try flags.toggle(LoadContext.raceFlag) ? .ok : .error("the race-check flag is missing")
        case .scopedListing:
            let user = context.user(uniform())
            let visible = try tools.listVisibleTools(for: user, teamIDs: try teams.teamIDs(of: user))
            if verifyScope > 0 && uniform() < verifyScope { try checkScope(visible, of: user) }
            return .ok
        case .fullListing:
            _ = try tools.listTools(limit: nil)
            return .ok
        case .keysetPage:
            cursor = try tools.page(after: cursor, size: 50).nextCursor
            return .ok
        case .teamMembers:
            let teamIDs = try teams.teamIDs(of: context.user(uniform()))
            guard let team = teamIDs.randomElement(using: &random) else { return .rejected("no team") }
            _ = try teams.members(of: team, limit: 1_000)
            return .ok
        case .userTeamIDs:
            _ = try teams.teamIDs(of: context.user(uniform()))
            return .ok
        case .cachedGet:
            if context.cache.value(forKey: LoadContext.cachedListingKey) == nil {
                let start = MonotonicClock.now()
                context.cache.set(LoadContext.cachedListingKey, try tools.listTools(limit: nil), ttl: .seconds(300))
                cost.cacheMiss = true
                cost.cacheLoadNanoseconds = MonotonicClock.now() - start
            }
            return .ok
        case .heartbeat:
            guard let agents else { return .error("no agent service") }
            let index = Int(truncatingIfNeeded: random.next() % UInt64(context.agentIDs.count))
            let at = 1_900_000_000_000 + context.sequence.add(1, ordering: .relaxed).newValue
            let outcome = try agents.heartbeat(
                Heartbeat(agentID: context.agentIDs[index], metadata: HeartbeatMetadata(version: "1.5.0"), at: at))
            return outcome == .updated ? .ok : .rejected("\(outcome)")
        case .createTool:
            let number = context.sequence.add(1, ordering: .relaxed).newValue
            let gateway = context.gatewayIDs[Int(number % Int64(context.gatewayIDs.count))]
            let tool = try tools.create(
                NewTool(
                    gatewayID: gateway, originalName: "load-tool-\(number)", description: "created under load",
                    inputSchema: "{\"type\":\"object\"}", ownerEmail: context.user(uniform()), teamID: nil, visibility: .private),
                at: 1_900_000_000_000 + number)
            context.createdTools.withLock { $0.append(tool.id) }
            context.cache.invalidate(LoadContext.cachedListingKey)
            return .ok
        case .updateTool:
            guard let id = context.createdTools.withLock({ $0.last }) else { return .rejected("not_found") }
            let changed = try tools.update(
                id: id, description: "updated under load", visibility: .private, isEnabled: true,
                at: 1_900_000_000_000 + context.sequence.add(1, ordering: .relaxed).newValue)
            context.cache.invalidate(LoadContext.cachedListingKey)
            return changed ? .ok : .rejected("not_found")
        case .deleteTool:
            guard let id = context.createdTools.withLock({ $0.popLast() }) else { return .rejected("not_found") }
            let deleted = try tools.delete(id: id)
            context.cache.invalidate(LoadContext.cachedListingKey)
            return deleted ? .ok : .rejected("not_found")
        }
    }

    /// Compares a scoped listing with the brute-force oracle (memberships by full scan): every
    /// tool shown must be one the user may see; without tool writes, none may be missing either.
    private func checkScope(_ visible: [Tool], of user: String) throws {
        if oracle == nil { oracle = try BruteForceScope(connection: SQLiteConnection(path: context.database.snapshotPath, readOnly: true)) }
        guard let oracle else { return }
        let teams = Set(try oracle.teamIDs(of: user))
        context.scopeChecks.add(1, ordering: .relaxed)
        if let tool = Self.notVisible(visible, to: user, teams: teams).first {
            context.scopeViolations.withLock { $0.append("\(user) was shown \(tool.visibility.rawValue) tool \(tool.id) of team \(tool.teamID.map(String.init) ?? "none")") }
        } else if !toolsChange {
            let expected = oracle.visibleTools(for: user, teamIDs: Array(teams)).map(\.id)
            if expected != visible.map(\.id) {
                context.scopeViolations.withLock { $0.append("\(user) saw \(visible.count) tools, the oracle \(expected.count)") }
            }
        }
    }

    /// The tools in `shown` that `user`, a member of `teams`, may not see: disabled ones, and
    /// private or team tools that are neither the user's own nor (team-visible) of one of `teams`.
    static func notVisible(_ shown: [Tool], to user: String, teams: Set<Int64>) -> [Tool] {
        shown.filter { tool in
            guard tool.isEnabled else { return true }
            if tool.visibility == .public || tool.ownerEmail == user { return false }
            return !(tool.teamID.map(teams.contains) ?? false) || tool.visibility == .private
        }
    }
}
