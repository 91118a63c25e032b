import Foundation
import GateBench
import GatewayService

/// `get_or_set_working_set`: a byte-budgeted cache of ~1 KB values over a key space 25 % larger than
/// fits, requests drawn 80 % from the hottest 5 % of keys, 15 % from the next 15 %, 5 % from the rest.
final class WorkingSet: @unchecked Sendable {
    // @unchecked Sendable: `position` is advanced by one benchmark body at a time.

    /// Payload bytes of a value: with the array header, exactly one 1 KiB jemalloc size class.
    static let payloadBytes = 992
    static let allocationBytes = 1_024

    let cache: L1Cache<[UInt8], CoarseClock>
    let keys: [String]
    private let hot: Int
    private let warm: Int
    private var random: SplitMix64
    private var measuredFrom = CacheStatistics()
    private let residentBeforeCache: Int
    private var residentAfterWarmup = 0

    /// Entries of one key and value the budget holds.
    static func capacity(budget: Int) -> Int {
        budget / (allocationBytes + 8 + L1Cache<[UInt8], CoarseClock>.entryOverheadBytes)
    }

    /// Fails when the machine cannot hold a cache of `gigabytes` (its budget plus a quarter, plus 1 GiB).
    static func checkMemory(gigabytes: Double) throws {
        let needed = Int(gigabytes * 1.25 * Double(1 << 30)) + (1 << 30)
        guard let available = availableMemoryBytes(), available < needed else { return }
        throw WrongAnswer(
            "--cache-gb \(gigabytes) needs about \(needed >> 20) MiB but only \(available >> 20) MiB are available; "
                + "choose a smaller --cache-gb or free memory")
    }

    init(gigabytes: Double, seed: UInt64) throws {
        try Self.checkMemory(gigabytes: gigabytes)
        let budget = Int(gigabytes * Double(1 << 30))
        let keySpace = Self.capacity(budget: budget) * 5 / 4
        keys = (0..<keySpace).map { "w\($0)" }
        hot = max(keySpace / 20, 1)
        warm = max(keySpace * 3 / 20, 1)
        random = SplitMix64(seed: seed, stream: "working-set")
        residentBeforeCache = residentBytes()
        cache = L1Cache(byteBudget: budget, cost: { _ in WorkingSet.allocationBytes })
        // Fill with every key, coldest first (the hottest end up most recent), then run the request
        // mix over as many requests as there are keys: the cache is full and evicting when measured.
        for key in keys.reversed() { _ = Self.lookupOrStore(cache, key) }
        for _ in 0..<keySpace { _ = Self.lookupOrStore(cache, keys[nextKeyIndex()]) }
        residentAfterWarmup = residentBytes()
        measuredFrom = cache.statistics
    }

    /// The next requested key: 80 % hottest 5 %, 15 % next 15 %, 5 % the coldest 80 %.
    private func nextKeyIndex() -> Int {
        let band = random.next(below: 100)
        if band < 80 { return random.next(below: hot) }
        if band < 95 { return hot + random.next(below: warm) }
        return hot + warm + random.next(below: keys.count - hot - warm)
    }

    /// `getOrSet` without the async call, for the warm-up and the latency pass (no caller ever waits here).
    private static func lookupOrStore(_ cache: L1Cache<[UInt8], CoarseClock>, _ key: String) -> [UInt8] {
        if let value = cache.value(forKey: key) { return value }
        let value = makePayload()
        cache.set(key, value, ttl: .seconds(3_600))
        return value
    }

    @Sendable static func makePayload() -> [UInt8] {
        [UInt8](repeating: 0x5A, count: payloadBytes)
    }

    /// One request: the next drawn key through `getOrSet`.
    func request() async throws {
        let value = try await cache.getOrSet(keys[nextKeyIndex()], ttl: .seconds(3_600)) { Self.makePayload() }
        blackHole(value)
    }

    /// Hit ratio and evictions of the measured requests, memory per payload byte, and single-request
    /// latency percentiles from a separate pass of 200,000 individually timed requests (each includes
    /// one clock read, ~20 ns here).
    func report() throws -> ExtraInfo {
        let statistics = cache.statistics
        let hits = statistics.hits - measuredFrom.hits, misses = statistics.misses - measuredFrom.misses
        try check(hits + misses > 0, "no request was measured")
        var latencies: [UInt64] = []
        latencies.reserveCapacity(200_000)
        for _ in 0..<200_000 {
            let key = keys[nextKeyIndex()]
            let start = MonotonicClock.now()
            blackHole(Self.lookupOrStore(cache, key))
            latencies.append(MonotonicClock.now() &- start)
        }
        latencies.sort()
        let payload = Double(statistics.entries * Self.payloadBytes)
        return [
            "hit_ratio": .number(Double(hits) / Double(hits + misses)),
            "evictions": .count(statistics.evictions - measuredFrom.evictions),
            "entries": .count(statistics.entries), "key_space": .count(keys.count),
            "budget_bytes": .count(cache.byteBudget),
            "resident_bytes_per_payload_byte": .number(Double(residentAfterWarmup - residentBeforeCache) / payload),
            "request_p50_ns": .count(latencies[latencies.count / 2]),
            "request_p99_ns": .count(latencies[latencies.count * 99 / 100]),
            "request_p999_ns": .count(latencies[latencies.count * 999 / 1_000]),
        ]
    }
}

/// Fails when the machine cannot hold a working-set cache of `gigabytes`; the message says what to do.
public func checkWorkingSetMemory(gigabytes: Double) throws {
    try WorkingSet.checkMemory(gigabytes: gigabytes)
}

/// The process's current resident set in bytes (`/proc/self/statm`).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// `MemAvailable` of `/proc/meminfo` in bytes.
func availableMemoryBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1_024 }
    }
    return nil
}
