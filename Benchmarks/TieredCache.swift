import Foundation
import GateBench
import GateRedis
import GatewayService
import Synchronization

/// The L1/L2 cache of `--l2 redis`: the single-team user's scoped tool listing (from the backend
/// under test), cached under keys of this process's own on the Redis server.
final class TieredListing: Sendable {
    let cache: TieredCache<[Tool]>
    let key: String
    /// The listing every lookup must return (checked against the brute-force oracle in setup).
    let expected: [Tool]
    let valueBytes: Int
    private let factory: @Sendable () async throws -> [Tool]
    private let nextKey = Atomic<Int>(0)
    private let namespace: String
    static let ttl = Duration.seconds(600)

    init(_ data: SeededData, url: RedisURL) throws {
        namespace = "gatebench:\(getpid()):\(UInt32.random(in: 0...UInt32.max)):"
        let l2 = try RedisL2Store(url: url, keyPrefix: namespace)
        cache = TieredCache(
            l1: L1Cache(byteBudget: 256 << 20, cost: CachedToolCatalog.cost), l2: l2, encode: ToolListCodec.encode,
            decode: { try ToolListCodec.decode($0) })
        let manifest = try data.seeded().manifest
        let email = manifest.singleTeamUserEmail
        let teams = try data.teamQueries(), tools = try data.toolQueries()
        let oracle = try BruteForceScope(connection: data.reader())
        expected = oracle.visibleTools(for: email, teamIDs: try oracle.teamIDs(of: email))
        key = "tools:visible:\(email)"
        factory = { try tools.listVisibleTools(for: email, teamIDs: teams.teamIDs(of: email)) }
        valueBytes = ToolListCodec.encode(expected).count
        try check(!expected.isEmpty, "the single-team user sees no tool")
    }

    /// A lookup the L1 misses and the L2 serves: the L1 entry is dropped first.
    func l2Hit() async throws -> [Tool] {
        cache.l1.invalidate(key)
        return try await cache.getOrSet(key, ttl: Self.ttl, factory: factory)
    }

    /// A lookup both levels miss: a key never used before, so the factory runs and the value is stored in both.
    func miss() async throws -> [Tool] {
        let fresh = "tools:miss:\(nextKey.add(1, ordering: .relaxed).newValue)"
        return try await cache.getOrSet(fresh, ttl: Self.ttl, factory: factory)
    }

    /// A lookup the L1 serves.
    func l1Hit() async throws -> [Tool] {
        try await cache.getOrSet(key, ttl: Self.ttl, factory: factory)
    }

    /// Fails unless `tools` is the expected listing.
    func verify(_ tools: [Tool], _ path: String) throws {
        try check(tools == expected, "the \(path) returned \(tools.count) tools, not the \(expected.count) expected")
    }

    /// The counters, after checking that each lookup was served where the benchmark says.
    func report(expecting served: KeyPath<TieredCacheStatistics, Int>, _ name: String) throws -> ExtraInfo {
        let statistics = cache.statistics
        try check(statistics.l2Rejected == 0, "\(statistics.l2Rejected) L2 values did not decode")
        try check(statistics[keyPath: served] > 0, "no lookup was served as \(name)")
        return [
            "l1_hits": .count(statistics.l1.hits), "l2_hits": .count(statistics.l2Hits),
            "misses": .count(statistics.l2Misses), "value_bytes": .count(valueBytes), "tools": .count(expected.count),
        ]
    }

    /// Removes this process's keys from the server.
    func removeKeys() throws {
        try cache.invalidate(prefix: "")
    }
}

extension Suite {
    /// `--l2 redis`: the cost of an L1 hit, an L2 hit and a miss of the L1/L2 cache, each lookup checked.
    mutating func addTieredCache(_ data: SeededData, url: RedisURL) {
        let params = data.options.params.merging(["l2": "redis"]) { $1 }
        add(
            Benchmark(
                "cache", "tiered_l2_hit", params: params,
                setup: { () -> TieredListing in
                    let listing = try TieredListing(data, url: url)
                    try listing.verify(try await listing.l1Hit(), "first lookup")
                    try listing.verify(try await listing.l2Hit(), "L2 hit")
                    return listing
                },
                teardown: { listing in
                    defer { try? listing.removeKeys() }
                    let statistics = listing.cache.statistics
                    try check(statistics.l2Misses == 1, "\(statistics.l2Misses) lookups missed the L2; only the first may")
                    return try listing.report(expecting: \.l2Hits, "an L2 hit")
                },
                asyncBody: { listing in blackHole(try await listing.l2Hit()) }))
        add(
            Benchmark(
                "cache", "tiered_miss", params: params,
                setup: { () -> TieredListing in
                    let listing = try TieredListing(data, url: url)
                    try listing.verify(try await listing.miss(), "miss")
                    return listing
                },
                teardown: { listing in
                    defer { try? listing.removeKeys() }
                    let statistics = listing.cache.statistics
                    try check(statistics.l2Hits == 0, "\(statistics.l2Hits) fresh keys were found in the L2")
                    return try listing.report(expecting: \.l2Misses, "a miss")
                },
                asyncBody: { listing in blackHole(try await listing.miss()) }))
        add(
            Benchmark(
                "cache", "tiered_l1_hit", params: params,
                setup: { () -> TieredListing in
                    let listing = try TieredListing(data, url: url)
                    try listing.verify(try await listing.l1Hit(), "first lookup")
                    try listing.verify(try await listing.l1Hit(), "L1 hit")
                    return listing
                },
                teardown: { listing in
                    defer { try? listing.removeKeys() }
                    let statistics = listing.cache.statistics
                    try check(statistics.l2Hits + statistics.l2Misses == 1, "the L1 missed after the first lookup")
                    return try listing.report(expecting: \.l1.hits, "an L1 hit")
                },
                asyncBody: { listing in blackHole(try await listing.l1Hit()) }))
    }
}
