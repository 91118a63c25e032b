import GateBench
import GatewayService

/// `invalidation_storm`: create 50 tools, update them, delete half, through the cached catalogue;
/// after every write a cached read must show the write (the coarse rule clears all listings).
final class InvalidationStorm: @unchecked Sendable {
    // @unchecked Sendable: used by one benchmark body at a time.
    static let writesPerRun = 125

    let scratch: ScratchToolService
    let catalog: CachedToolCatalog
    private(set) var runs = 0
    private var now = SeedPlan.referenceMilliseconds

    init(_ scratch: ScratchToolService) {
        self.scratch = scratch
        catalog = CachedToolCatalog(
            service: scratch.service,
            cache: L1Cache(byteBudget: 1 << 30, cost: CachedToolCatalog.cost))
    }

    private func tick() -> Int64 {
        now += 1
        return now
    }

    func run() async throws {
        runs += 1
        var created: [Tool] = []
        for index in 0..<50 {
            let tool = try catalog.create(
                NewTool(gatewayID: 1, originalName: "storm_\(runs)_\(index)", description: "new", inputSchema: "{}",
                        ownerEmail: UserEmail.of(1), teamID: 1, visibility: .team),
                at: tick())
            try check(try await catalog.listTools().first?.id == tool.id, "stale listing after creating \(tool.name)")
            created.append(tool)
        }
        let description = "updated in run \(runs)"
        for tool in created {
            try catalog.update(id: tool.id, description: description, visibility: .public, isEnabled: true, at: tick())
            let seen = try await catalog.listTools().first { $0.id == tool.id }
            try check(seen?.description == description, "stale listing after updating \(tool.name)")
        }
        for tool in created.prefix(25) {
            try catalog.delete(id: tool.id)
            try check(try await !catalog.listTools().contains { $0.id == tool.id }, "stale listing after deleting \(tool.name)")
        }
    }
}
