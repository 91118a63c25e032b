/// The tool service behind the L1 cache, with the real gateway's coarse rule: every write clears
/// all cached tool listings (prefix `tools:`). Not thread-safe: one caller at a time.
public final class CachedToolCatalog: @unchecked Sendable {
    /// The key of the enabled-tools listing.
    public static let listingKey = "tools:enabled"

    public let service: any ToolCatalogService
    public let cache: L1Cache<[Tool], CoarseClock>
    private let ttl: Duration

    public init(service: any ToolCatalogService, cache: L1Cache<[Tool], CoarseClock>, ttl: Duration = .seconds(300)) {
        self.service = service
        self.cache = cache
        self.ttl = ttl
    }

    /// Enabled tools, newest first, from the cache when fresh.
    public func listTools() async throws -> [Tool] {
        let service = self.service
        return try await cache.getOrSet(Self.listingKey, ttl: ttl) { try service.listTools(limit: nil) }
    }

    @discardableResult
    public func create(_ new: NewTool, at now: Int64) throws -> Tool {
        defer { cache.invalidate(prefix: "tools:") }
        return try service.create(new, at: now)
    }

    @discardableResult
    public func update(id: Int64, description: String, visibility: Visibility, isEnabled: Bool, at now: Int64) throws
        -> Bool
    {
        defer { cache.invalidate(prefix: "tools:") }
        return try service.update(id: id, description: description, visibility: visibility, isEnabled: isEnabled, at: now)
    }

    @discardableResult
    public func delete(id: Int64) throws -> Bool {
        defer { cache.invalidate(prefix: "tools:") }
        return try service.delete(id: id)
    }

    /// The bytes a listing occupies (strings' UTF-8 plus the values themselves), for the cache budget.
    public static func cost(of tools: [Tool]) -> Int {
        tools.reduce(tools.count * MemoryLayout<Tool>.stride) { total, tool in
            total + tool.name.utf8.count + tool.originalName.utf8.count + tool.description.utf8.count
                + tool.inputSchema.utf8.count + tool.ownerEmail.utf8.count + (tool.teamName?.utf8.count ?? 0)
                + (tool.gatewayName?.utf8.count ?? 0)
        }
    }
}
