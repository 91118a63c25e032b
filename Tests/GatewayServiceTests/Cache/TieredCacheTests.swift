import Synchronization
import Testing

@testable import GatewayService

/// An L2 in memory, counting its reads.
final class MemoryL2: L2Store {
    let values = Mutex<[String: [UInt8]]>([:])
    let reads = Atomic<Int>(0)

    func get<T: Sendable>(_ key: String, _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        reads.add(1, ordering: .relaxed)
        let value = values.withLock { $0[key] }
        guard let value else { return try body(nil) }
        return try value.withUnsafeBytes { try body($0) }
    }

    func set(_ key: String, _ bytes: [UInt8], ttl: Duration) throws { values.withLock { $0[key] = bytes } }
    func invalidate(_ key: String) throws { _ = values.withLock { $0.removeValue(forKey: key) } }
    func invalidate(prefix: String) throws { values.withLock { $0 = $0.filter { !$0.key.hasPrefix(prefix) } } }
}

/// Counts factory runs.
final class LoadCounter: Sendable {
    let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
}

struct TieredCacheTests {
    let l2 = MemoryL2()
    let loads = LoadCounter()

    func cache() -> TieredCache<[Tool]> {
        TieredCache(
            l1: L1Cache(byteBudget: 1 << 20, cost: CachedToolCatalog.cost), l2: l2, encode: ToolListCodec.encode,
            decode: { try ToolListCodec.decode($0) })
    }

    func factory() -> @Sendable () async throws -> [Tool] {
        { [loads] in
            loads.count.add(1, ordering: .relaxed)
            return ToolListCodecTests.tools
        }
    }

    @Test func aLookupIsServedByTheL1ThenTheL2ThenTheFactory() async throws {
        let first = cache()
        #expect(try await first.getOrSet("k", ttl: .seconds(60), factory: factory()) == ToolListCodecTests.tools)
        #expect(try await first.getOrSet("k", ttl: .seconds(60), factory: factory()) == ToolListCodecTests.tools)
        #expect(loads.value == 1)
        #expect(first.statistics.l1.hits == 1 && first.statistics.l2Misses == 1 && first.statistics.l2Hits == 0)
        // Another process's L1 is empty: its lookup is an L2 hit, and the factory does not run.
        let second = cache()
        #expect(try await second.getOrSet("k", ttl: .seconds(60), factory: factory()) == ToolListCodecTests.tools)
        #expect(loads.value == 1)
        #expect(second.statistics.l2Hits == 1 && second.statistics.l2Misses == 0)
        #expect(try await second.getOrSet("k", ttl: .seconds(60), factory: factory()) == ToolListCodecTests.tools)
        #expect(second.statistics.l1.hits == 1 && l2.reads.load(ordering: .relaxed) == 2, "the L1 served the repeat")
    }

    @Test func invalidationClearsBothLevels() async throws {
        let cache = cache()
        _ = try await cache.getOrSet("tools:a", ttl: .seconds(60), factory: factory())
        _ = try await cache.getOrSet("other", ttl: .seconds(60), factory: factory())
        try cache.invalidate(prefix: "tools:")
        #expect(l2.values.withLock { Array($0.keys) } == ["other"])
        _ = try await cache.getOrSet("tools:a", ttl: .seconds(60), factory: factory())
        #expect(loads.value == 3, "the invalidated key was loaded again")
        try cache.invalidate("other")
        #expect(l2.values.withLock { $0["other"] } == nil)
    }

    @Test func anUndecodableL2ValueIsAMissAndIsOverwritten() async throws {
        try l2.set("k", Array("garbage".utf8), ttl: .seconds(60))
        let cache = cache()
        #expect(try await cache.getOrSet("k", ttl: .seconds(60), factory: factory()) == ToolListCodecTests.tools)
        #expect(cache.statistics.l2Rejected == 1 && cache.statistics.l2Misses == 1 && loads.value == 1)
        #expect(try l2.get("k") { try $0.map { try ToolListCodec.decode($0) } } == ToolListCodecTests.tools)
    }

    @Test func aValueReadBeforeAnInvalidationIsNotStoredAfterIt() {
        let l1 = L1Cache<[Tool], CoarseClock>(byteBudget: 1 << 20, cost: CachedToolCatalog.cost)
        let generation = l1.generation
        l1.invalidate("k")
        l1.set("k", ToolListCodecTests.tools, ttl: .seconds(60), ifUnchangedSince: generation)
        #expect(l1.value(forKey: "k") == nil)
        l1.set("k", ToolListCodecTests.tools, ttl: .seconds(60), ifUnchangedSince: l1.generation)
        #expect(l1.value(forKey: "k") == ToolListCodecTests.tools)
    }
}
