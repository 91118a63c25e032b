import Foundation
import GateBench
import GatewayService

extension Suite {
    /// The `cache` group of docs/workloads.md.
    mutating func addCache(_ data: SeededData) {
        let params = data.options.params
        add(
            Benchmark(
                "cache", "get_or_set_hit", params: params,
                setup: { () -> L1Cache<[Tool], CoarseClock> in
                    let cache = L1Cache<[Tool], CoarseClock>(byteBudget: 1 << 30, cost: CachedToolCatalog.cost)
                    let dataset = try await cache.getOrSet(LargeDataset.key, ttl: .seconds(3_600), factory: LargeDataset.make)
                    try check(dataset.count == LargeDataset.count, "the dataset has \(dataset.count) tools")
                    return cache
                },
                teardown: { cache in
                    let statistics = cache.statistics
                    try check(statistics.loads == 1, "the factory ran \(statistics.loads) times; every call after the first must hit")
                    return ["hits": .count(statistics.hits), "loads": .count(statistics.loads),
                            "dataset_bytes": .count(statistics.bytes)]
                },
                asyncBody: { cache in
                    blackHole(try await cache.getOrSet(LargeDataset.key, ttl: .seconds(3_600), factory: LargeDataset.make))
                }))
        add(
            Benchmark(
                "cache", "get_or_set_working_set", params: params.merging(["cache_gb": "\(data.options.cacheGigabytes)"]) { $1 },
                setup: { try WorkingSet(gigabytes: data.options.cacheGigabytes, seed: data.options.seed) },
                teardown: { try await $0.report() },
                asyncBody: { workingSet in try await workingSet.request() }))
        add(
            Benchmark(
                "cache", "get_or_set_stampede", params: params,
                setup: { Stampede() },
                teardown: { try await $0.report() },
                asyncBody: { stampede in try await stampede.run() }))
        addCacheLoads(data)
    }

    /// The `cache` benchmarks that load from the database (and so run on every backend).
    mutating func addCacheLoads(_ data: SeededData) {
        add(
            Benchmark(
                "cache", "invalidation_storm", params: data.options.params,
                setup: { try InvalidationStorm(ScratchToolService(data)) },
                teardown: { ["writes_per_op": .count(InvalidationStorm.writesPerRun), "runs": .count($0.runs)] },
                asyncBody: { storm in try await storm.run() }))
    }
}

/// `get_or_set_hit`'s value: 100,000 tools of about 1 KB each.
enum LargeDataset {
    static let key = "enterprise:large_dataset"
    static let count = 100_000

    @Sendable static func make() async throws -> [Tool] {
        let gateways = (1...100).map {
            PeerGateway(id: Int64($0), name: "Peer \($0)", region: .usEast, baseLatency: .zero, reliability: 1)
        }
        let catalogs = PeerCatalogGenerator.catalogs(for: gateways, toolsPerGateway: count / 100, seed: 42)
        var tools: [Tool] = []
        tools.reserveCapacity(count)
        for gateway in gateways {
            for tool in catalogs[gateway.id] ?? [] {
                tools.append(
                    Tool(
                        id: Int64(tools.count + 1), gatewayID: gateway.id, gatewayName: gateway.name,
                        originalName: tool.originalName, name: toolName(gatewaySlug: gateway.slug, originalName: tool.originalName),
                        description: tool.description, inputSchema: tool.inputSchema,
                        ownerEmail: UserEmail.of(1 + tools.count % 1_000), teamID: nil, teamName: nil,
                        visibility: .public, isEnabled: true, createdAt: Int64(tools.count), updatedAt: Int64(tools.count)))
            }
        }
        return tools
    }
}
