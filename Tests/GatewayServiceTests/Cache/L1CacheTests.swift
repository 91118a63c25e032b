import Foundation
import Synchronization
import Testing

@testable import GatewayService

struct L1CacheTests {
    /// Each value costs 100 bytes + key (1) + overhead: three fit in the budget, four do not.
    func makeCache(clock: ManualClock = ManualClock()) -> L1Cache<String, ManualClock> {
        let entry = 100 + 1 + L1Cache<String, ManualClock>.entryOverheadBytes
        return L1Cache(byteBudget: 3 * entry + 10, clock: clock, cost: { _ in 100 })
    }

    /// Which unvisited entry goes depends on where the keys hash (the hand walks the slots), but
    /// never the one just hit while one not hit remains.
    @Test func anUnvisitedEntryIsEvictedBeforeAVisitedOne() {
        let cache = makeCache()
        cache.set("a", "A", ttl: .seconds(60))
        cache.set("b", "B", ttl: .seconds(60))
        cache.set("c", "C", ttl: .seconds(60))
        #expect(cache.value(forKey: "a") == "A")
        cache.set("d", "D", ttl: .seconds(60))
        #expect(cache.value(forKey: "a") == "A")
        #expect(cache.value(forKey: "d") == "D")
        let survivors = ["b", "c"].filter { cache.value(forKey: $0) != nil }
        #expect(survivors.count == 1, "one of b and c, never hit, went: \(survivors)")
        let statistics = cache.statistics
        #expect(statistics.evictions == 1)
        #expect(statistics.entries == 3)
        #expect(statistics.bytes <= cache.byteBudget)
    }

    /// On the benchmark's request mix (80 % of requests to 5 % of keys, 15 % to the next 15 %,
    /// 5 % to the rest; key space 25 % larger than fits) and on a Zipf-like mix, CLOCK's hit ratio
    /// is within half a point of an exact LRU's on the same trace, with one table and with eight
    /// shards evicting each in its own CLOCK order.
    @Test(arguments: [1, 8]) func hitRatioMatchesLRUOnSkewedTraces(shards: Int) {
        let capacity = 4_000, keySpace = 5_000
        let entryBytes = 8 + 5 + L1Cache<Int, ManualClock>.entryOverheadBytes  // value, key "kNNNN", overhead
        for trace in ["working-set", "zipf"] {
            var random = SplitMix64(seed: 5, stream: trace)
            let keys: [Int] = (0..<200_000).map { _ in
                if trace == "zipf" {
                    // Inverse of a continuous Zipf(1) CDF over 1...keySpace.
                    return Int(pow(Double(keySpace), Double(random.next(below: 1 << 20)) / Double(1 << 20))) - 1
                }
                let band = random.next(below: 100)
                if band < 80 { return random.next(below: 250) }
                if band < 95 { return 250 + random.next(below: 750) }
                return 1_000 + random.next(below: keySpace - 1_000)
            }
            let cache = L1Cache<Int, ManualClock>(
                byteBudget: capacity * entryBytes, clock: ManualClock(), shards: shards, cost: { _ in 8 })
            #expect(cache.shardCount == shards)
            var lru = ExactLRU(capacity: capacity)
            var lruHits = 0
            for key in keys {
                let name = "k\(key + 1_000)"  // four digits: every key costs the same
                if cache.value(forKey: name) == nil { cache.set(name, key, ttl: .seconds(60)) }
                if lru.access(key) { lruHits += 1 }
            }
            let clock = cache.statistics.hitRatio, exact = Double(lruHits) / Double(keys.count)
            #expect(cache.statistics.entries == capacity)
            #expect(clock >= exact - 0.005, "\(trace), \(shards) shards: CLOCK \(clock) vs LRU \(exact)")
            print("hit ratio on the \(trace) trace, \(shards) shards: CLOCK \(clock), LRU \(exact)")
        }
    }

    @Test func theBudgetHoldsUnderManyInsertsAndOversizeValuesAreNotStored() {
        let cache = L1Cache<String, ManualClock>(byteBudget: 10_000, clock: ManualClock(), cost: { $0.utf8.count })
        var random = SplitMix64(seed: 9)
        for index in 0..<2_000 {
            cache.set("k\(random.next(below: 300))", String(repeating: "x", count: random.next(below: 400)), ttl: .seconds(5))
            #expect(cache.statistics.bytes <= 10_000, "after insert \(index)")
        }
        cache.set("huge", String(repeating: "x", count: 20_000), ttl: .seconds(5))
        #expect(cache.value(forKey: "huge") == nil)
    }

    /// The budget is the whole cache's: a value larger than a shard's share is stored, and the
    /// other shards evict to make room for it.
    @Test func aValueLargerThanAShardsShareEvictsFromTheOtherShards() {
        let budget = 64 << 10
        let cache = L1Cache<String, ManualClock>(byteBudget: budget, clock: ManualClock(), shards: 8, cost: { $0.utf8.count })
        for index in 0..<200 { cache.set("k\(index)", String(repeating: "x", count: 200), ttl: .seconds(60)) }
        #expect(cache.statistics.entries > 150, "200 values of ~300 bytes fit a 64 KiB budget, eight shards or not")
        let big = String(repeating: "y", count: budget * 9 / 10)
        cache.set("big", big, ttl: .seconds(60))
        #expect(cache.value(forKey: "big")?.count == big.count)
        let statistics = cache.statistics
        #expect(statistics.bytes <= budget)
        #expect(statistics.evictions > 100, "the big value's shard alone held about 1/8 of the entries")
    }

    /// Four callers at once on sixteen shards, mixing `getOrSet`, `set` and invalidation by key
    /// and prefix under a tight budget: every value served is its key's, the budget holds, and
    /// nothing stays charged once every key is invalidated (a value of the whole budget fits).
    @Test func concurrentCallersOnManyShardsKeepOneBudget() async throws {
        let budget = 40 * (100 + 4 + L1Cache<String, ManualClock>.entryOverheadBytes)
        let cache = L1Cache<String, ManualClock>(byteBudget: budget, clock: ManualClock(), shards: 16, cost: { $0.utf8.count })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    var random = SplitMix64(seed: UInt64(caller), stream: "l1-concurrency")
                    for _ in 0..<5_000 {
                        let key = "k\(random.next(below: 200))"
                        let value = key + ":" + String(repeating: "v", count: random.next(below: 150))
                        switch random.next(below: 100) {
                        case 0..<70:
                            let served = try await cache.getOrSet(key, ttl: .seconds(60)) { value }
                            #expect(served.hasPrefix(key + ":"), "\(key) was served \(served.prefix(8))")
                        case 70..<94: cache.set(key, value, ttl: .seconds(60))
                        case 94..<99: cache.invalidate(key)
                        default: cache.invalidate(prefix: "k1")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let statistics = cache.statistics
        #expect(statistics.bytes <= budget)
        #expect(statistics.evictions > 0)
        cache.invalidate(prefix: "")
        #expect(cache.statistics.entries == 0 && cache.statistics.bytes == 0)
        let whole = String(repeating: "w", count: budget - 4 - L1Cache<String, ManualClock>.entryOverheadBytes)
        cache.set("last", whole, ttl: .seconds(60))
        #expect(cache.value(forKey: "last")?.count == whole.count, "bytes stayed charged after every entry went")
    }

    @Test func theDefaultShardCountIsAPowerOfTwoAndOneForSmallCaches() {
        #expect(L1Cache<Int, ManualClock>.defaultShardCount(byteBudget: 1 << 20) == 1)
        #expect(L1Cache<Int, ManualClock>.defaultShardCount(byteBudget: (8 << 20) - 1) == 1)
        for budget in [8 << 20, 100 << 20, 1 << 30, 1 << 40] {
            let count = L1Cache<Int, ManualClock>.defaultShardCount(byteBudget: budget)
            #expect(count >= 1 && count <= 64 && count & (count - 1) == 0, "\(budget): \(count)")
            #expect(count <= budget / (4 << 20))
        }
        for (asked, got) in [(5, 8), (-5, 1), (0, 1), (Int.max, 1_024)] {
            let cache = L1Cache<Int, ManualClock>(byteBudget: 1 << 30, clock: ManualClock(), shards: asked, cost: { _ in 8 })
            #expect(cache.shardCount == got, "shards: \(asked)")
        }
    }

    /// A large budget reserves nothing up front: each shard's table starts small and grows as it
    /// fills; 10,000 keys in a 7 GiB cache are stored, served and invalidated like any others.
    @Test func aCacheWithALargeBudgetGrowsItsTablesAsItFills() {
        let cache = L1Cache<Int, ManualClock>(byteBudget: 7 << 30, clock: ManualClock(), shards: 8, cost: { _ in 8 })
        for number in 0..<10_000 { cache.set("k\(number)", number, ttl: .seconds(60)) }
        let served = (0..<10_000).filter { (number: Int) -> Bool in cache.value(forKey: "k\(number)") == number }
        #expect(served.count == 10_000)
        let tableSlots = cache.shards.reduce(0) { total, shard in total + shard.state.withLock { $0.table.size } }
        #expect(tableSlots < 10_000 * 10 / 7 + 8 * 16, "tables sized to what they hold, not to the budget")
        cache.invalidate(prefix: "k")
        #expect(cache.statistics.entries == 0)
    }

    /// An entry's charge is kept in 32 bits: a value charged more than 4 GiB is not stored,
    /// even under a larger budget, and the cache goes on storing others.
    @Test func aValueChargedMoreThanFourGibibytesIsNotStored() {
        let cache = L1Cache<Int, ManualClock>(byteBudget: 8 << 30, clock: ManualClock(), cost: { $0 })
        cache.set("large", 5 << 30, ttl: .seconds(5))
        cache.set("small", 100, ttl: .seconds(5))
        #expect(cache.value(forKey: "large") == nil)
        #expect(cache.value(forKey: "small") == 100)
        #expect(cache.statistics.entries == 1)
    }

    @Test func entriesExpireAfterTheirTTL() {
        let clock = ManualClock()
        let cache = makeCache(clock: clock)
        cache.set("a", "A", ttl: .seconds(10))
        clock.advance(by: .seconds(9))
        #expect(cache.value(forKey: "a") == "A")
        clock.advance(by: .seconds(1))
        #expect(cache.value(forKey: "a") == nil)
        #expect(cache.statistics.entries == 0)
        #expect(cache.statistics.hits == 1 && cache.statistics.misses == 1)
    }

    @Test func invalidationByKeyAndPrefix() {
        let cache = L1Cache<String, ManualClock>(byteBudget: 1 << 20, clock: ManualClock(), cost: { _ in 1 })
        for key in ["tools:all", "tools:team:1", "teams:1", "tools:team:2"] { cache.set(key, key, ttl: .seconds(60)) }
        cache.invalidate("teams:1")
        #expect(cache.value(forKey: "teams:1") == nil)
        cache.invalidate(prefix: "tools:team:")
        #expect(cache.value(forKey: "tools:team:1") == nil)
        #expect(cache.value(forKey: "tools:team:2") == nil)
        #expect(cache.value(forKey: "tools:all") == "tools:all")
        #expect(cache.statistics.entries == 1)
    }

    @Test func getOrSetLoadsOnceThenHits() async throws {
        let cache = makeCache()
        let calls = Counter()
        for _ in 0..<5 {
            let value = try await cache.getOrSet("k", ttl: .seconds(60)) {
                calls.increment()
                return "V"
            }
            #expect(value == "V")
        }
        #expect(calls.value == 1)
        #expect(cache.statistics.loads == 1 && cache.statistics.hits == 4)
    }

    /// 64 callers miss the same key while the factory is held open: it runs exactly once, and all get its value.
    @Test func concurrentMissesShareOneFactoryRun() async throws {
        let cache = makeCache()
        let calls = Counter()
        let gate = Gate()
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    try await cache.getOrSet("hot", ttl: .seconds(60)) {
                        calls.increment()
                        await gate.wait()
                        return "loaded"
                    }
                }
            }
            while cache.statistics.misses < 64 { await Task.yield() }
            await gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: "loaded", count: 64))
        #expect(calls.value == 1)
        #expect(cache.statistics.loads == 1)
    }

    @Test func aLoadInvalidatedWhileRunningIsNotStored() async throws {
        let cache = makeCache()
        let gate = Gate()
        async let value = cache.getOrSet("k", ttl: .seconds(60)) {
            await gate.wait()
            return "stale"
        }
        while cache.statistics.loads < 1 { await Task.yield() }
        cache.invalidate("k")
        await gate.open()
        #expect(try await value == "stale")
        #expect(cache.value(forKey: "k") == nil, "the invalidated load must not be cached")
    }

    /// The factory runs on the task of the caller that missed first, not on a task of its own
    /// (whose work and allocations would escape the caller's executor and measurements).
    @Test func theFactoryRunsOnTheCallersTask() async throws {
        let cache = makeCache()
        let caller = withUnsafeCurrentTask { $0?.hashValue }
        let factoryTask = try await cache.getOrSet("k", ttl: .seconds(60)) {
            String(withUnsafeCurrentTask { $0?.hashValue } ?? 0)
        }
        #expect(caller != nil && factoryTask == String(caller!))
    }

    /// Callers waiting on a load get the leader's error, and the next caller loads again.
    @Test func waitersGetTheLeadersError() async throws {
        struct LoadFailed: Error {}
        let cache = makeCache()
        let gate = Gate()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await cache.getOrSet("k", ttl: .seconds(60)) {
                            await gate.wait()
                            throw LoadFailed()
                        }
                        return false
                    } catch {
                        return error is LoadFailed
                    }
                }
            }
            while cache.statistics.misses < 8 { await Task.yield() }
            await gate.open()
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
        #expect(cache.statistics.loads == 1)
        #expect(try await cache.getOrSet("k", ttl: .seconds(60)) { "ok" } == "ok")
        #expect(cache.statistics.loads == 2)
    }

    @Test func aFailingFactoryIsNotCachedAndIsRetried() async throws {
        struct LoadFailed: Error {}
        let cache = makeCache()
        await #expect(throws: LoadFailed.self) {
            try await cache.getOrSet("k", ttl: .seconds(60)) { throw LoadFailed() }
        }
        #expect(try await cache.getOrSet("k", ttl: .seconds(60)) { "ok" } == "ok")
        #expect(cache.statistics.loads == 2)
    }
}

/// A reference LRU of `capacity` keys (a dictionary of last-use times and a sorted set by time):
/// slow and obviously right.
struct ExactLRU {
    let capacity: Int
    private var lastUse: [Int: Int] = [:]
    private var byTime: [Int: Int] = [:]
    private var oldestTime = 0
    private var now = 0

    init(capacity: Int) { self.capacity = capacity }

    /// Touches `key`; true when it was cached.
    mutating func access(_ key: Int) -> Bool {
        now += 1
        if let time = lastUse[key] {
            byTime.removeValue(forKey: time)
            lastUse[key] = now
            byTime[now] = key
            return true
        }
        if lastUse.count == capacity {
            while byTime[oldestTime] == nil { oldestTime += 1 }
            lastUse.removeValue(forKey: byTime.removeValue(forKey: oldestTime)!)
        }
        lastUse[key] = now
        byTime[now] = key
        return false
    }
}

/// Holds tasks until opened.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }
}

/// A counter closures can share.
final class Counter: Sendable {
    private let count = Atomic(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
