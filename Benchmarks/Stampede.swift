import GateBench
import GatewayService
import Synchronization

/// `get_or_set_stampede`: 64 concurrent callers miss one key whose load takes 1 ms.
final class Stampede: Sendable {
    static let callers = 64
    static let loadTime = Duration.milliseconds(1)

    let cache = L1Cache<[UInt8], CoarseClock>(byteBudget: 64 << 20, cost: { $0.count })
    private let counter = Atomic(0)

    /// One stampede on a fresh key; fails unless the factory ran exactly once and everyone got its value.
    func run() async throws {
        let key = "stampede:\(counter.add(1, ordering: .relaxed).newValue)"
        let before = cache.statistics.loads
        let cache = self.cache
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<Self.callers {
                group.addTask {
                    try await cache.getOrSet(key, ttl: .seconds(60)) {
                        try await Task.sleep(for: Self.loadTime)
                        return [1, 2, 3]
                    }.count
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let loads = cache.statistics.loads - before
        try check(loads == 1, "the factory ran \(loads) times for one stampede")
        try check(sizes == Array(repeating: 3, count: Self.callers), "a caller got a wrong value")
        cache.invalidate(key)
    }

    /// The contrast: the real gateway's caches have no de-duplication, so every concurrent miss loads.
    func report() async throws -> ExtraInfo {
        let naive = NaiveCache()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<Self.callers {
                group.addTask {
                    _ = try await naive.getOrSet("hot") {
                        try await Task.sleep(for: Self.loadTime)
                        return [1, 2, 3]
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        return [
            "callers": .count(Self.callers), "single_flight_loads_per_stampede": .count(1),
            "naive_loads_per_stampede": .count(naive.loads),
            "naive_stampede_ms": .number(elapsed.inSeconds * 1e3),
        ]
    }
}

/// A cache without single flight, like the real gateway's: check, load on a miss, store.
final class NaiveCache: Sendable {
    private let entries = Mutex<[String: [UInt8]]>([:])
    private let loadCount = Atomic(0)

    var loads: Int { loadCount.load(ordering: .relaxed) }

    func getOrSet(_ key: String, factory: @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        if let value = entries.withLock({ $0[key] }) { return value }
        loadCount.add(1, ordering: .relaxed)
        let value = try await factory()
        entries.withLock { $0[key] = value }
        return value
    }
}
