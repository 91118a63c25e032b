import Foundation
import GateBench
import GatewayService

/// `get_or_set_working_set`: a byte-budgeted cache of ~1 KB values over a key space 25 % larger than
/// fits, requests drawn 80 % from the hottest 5 % of keys, 15 % from the next 15 %, 5 % from the rest.
///
/// Each request formats its key (`w` and the drawn number, a small string built in place) as a
/// gateway formats `tools:user:<id>`; a table of a million prebuilt keys cost a DRAM miss of the
/// benchmark's own per request. Its floor, measured in the same process on the same draws, is
/// a table lookup by the drawn number that retains the same 1 KiB values (`report()`).
final class WorkingSet: @unchecked Sendable {
    // @unchecked Sendable: the draw (`random`) is advanced by one benchmark body at a time.

    /// Payload bytes of a value: with the array header, exactly one 1 KiB jemalloc size class.
    static let payloadBytes = 992
    static let allocationBytes = 1_024

    let cache: L1Cache<[UInt8], CoarseClock>
    let keySpace: Int
    /// Callers of the concurrent blocks: one per processor.
    private let callers = ProcessInfo.processInfo.activeProcessorCount
    private let hot: Int
    private let warm: Int
    /// The draw. No dynamic exclusivity check: one benchmark body advances it at a time, and the
    /// checks (two per request, each a thread-local access-set update) were a fifth of a request's
    /// CPU time when the cache fits in cache (`--cache-gb 0.001`), in the floor's requests as well.
    @exclusivity(unchecked) private var random: SplitMix64
    /// The owned floor's reference to the value it last read (storing it retains the new value and
    /// releases the previous one, as a caller holding a cache's result does).
    @exclusivity(unchecked) private var heldByFloor: [UInt8] = []
    private var measuredFrom = CacheStatistics()
    private let residentBeforeCache: Int
    private var residentAfterWarmup = 0
    private let metadataBeforeCache: UInt64
    private var metadataAfterWarmup: UInt64 = 0

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
        keySpace = Self.capacity(budget: budget) * 5 / 4
        hot = max(keySpace / 20, 1)
        warm = max(keySpace * 3 / 20, 1)
        random = SplitMix64(seed: seed, stream: "working-set")
        residentBeforeCache = residentBytes()
        metadataBeforeCache = Jemalloc.metadataBytes()
        cache = L1Cache(byteBudget: budget, cost: { _ in WorkingSet.allocationBytes })
        // Fill with the keys that fit, hottest first (numbers go hottest band first), then run the
        // request mix over as many requests as there are keys: the cache is full and evicting when
        // measured. Starting from what fits, not from every key, leaves no start-up transient in
        // the measured requests whatever the eviction order: filled with every key, coldest first,
        // a queue by insertion (SIEVE) kept just the hottest, while CLOCK over hashed slots kept a
        // random 80 % and was still fetching warm keys back when measured (hit ratio 0.982 vs 0.9875).
        for index in 0..<min(keySpace, Self.capacity(budget: budget)) { try lookupOrStore(index) }
        for _ in 0..<keySpace { try lookupOrStore(nextKeyIndex()) }
        residentAfterWarmup = residentBytes()
        metadataAfterWarmup = Jemalloc.metadataBytes()
        measuredFrom = cache.statistics
    }

    /// The next requested key: 80 % hottest 5 %, 15 % next 15 %, 5 % the coldest 80 %.
    private func nextKeyIndex() -> Int { nextKeyIndex(using: &random) }

    /// The next key of the caller whose draw is `random`.
    private func nextKeyIndex(using random: inout SplitMix64) -> Int {
        let band = random.next(below: 100)
        if band < 80 { return random.next(below: hot) }
        if band < 95 { return hot + random.next(below: warm) }
        return hot + warm + random.next(below: keySpace - hot - warm)
    }

    /// The key of index `index`: `w` and its decimal digits (at most 15 bytes: a small string, no allocation).
    static func key(_ index: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var rest = index, start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
            } while rest > 0
            start -= 1
            buffer[start] = UInt8(ascii: "w")
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// The value of key `index`: its number in the first 8 bytes (so a value served for the wrong
    /// key is caught), then filler.
    static func makePayload(index: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: payloadBytes) { buffer, count in
            buffer.initialize(repeating: 0x5A)
            UnsafeMutableRawBufferPointer(buffer).storeBytes(of: UInt64(index).littleEndian, as: UInt64.self)
            count = payloadBytes
        }
    }

    /// Fails unless `value` is key `index`'s. Reads the line the retain already brought in (the
    /// payload starts 32 bytes after the array header).
    @inline(__always)
    static func checkValue(_ value: [UInt8], is index: Int) throws {
        let stored = value.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard value.count == payloadBytes, stored == UInt64(index) else {
            throw WrongAnswer("key \(Self.key(index)) was served the value of key number \(stored) (\(value.count) bytes)")
        }
    }

    /// `getOrSet` without the async call, for the warm-up and the latency pass (no caller ever waits here).
    private func lookupOrStore(_ index: Int) throws {
        let key = Self.key(index)
        if let value = cache.value(forKey: key) { return try Self.checkValue(value, is: index) }
        cache.set(key, Self.makePayload(index: index), ttl: .seconds(3_600))
    }

    /// One request: the next drawn key through `getOrSet`, its value checked.
    func request() async throws {
        try await request(nextKeyIndex())
    }

    @inline(__always)
    private func request(_ index: Int) async throws {
        let value = try await cache.getOrSet(Self.key(index), ttl: .seconds(3_600)) { Self.makePayload(index: index) }
        try Self.checkValue(value, is: index)
    }

    /// Hit ratio and evictions of the measured requests, memory per payload byte, single-request
    /// latency percentiles from a separate pass of 200,000 individually timed requests (each
    /// includes one clock read, ~20 ns here), and the floor.
    func report() async throws -> ExtraInfo {
        let statistics = cache.statistics
        let hits = statistics.hits - measuredFrom.hits, misses = statistics.misses - measuredFrom.misses
        try check(hits + misses > 0, "no request was measured")
        let payload = Double(statistics.entries * Self.payloadBytes)
        var latencies: [UInt64] = []
        latencies.reserveCapacity(200_000)
        for _ in 0..<200_000 {
            let index = nextKeyIndex()
            let start = MonotonicClock.now()
            try lookupOrStore(index)
            latencies.append(MonotonicClock.now() &- start)
        }
        latencies.sort()
        let floor = try await compareWithFloor()
        return [
            "hit_ratio": .number(Double(hits) / Double(hits + misses)),
            "evictions": .count(statistics.evictions - measuredFrom.evictions),
            "entries": .count(statistics.entries), "key_space": .count(keySpace),
            "budget_bytes": .count(cache.byteBudget),
            "allocator_thp": .string(Jemalloc.transparentHugePages),
            "resident_bytes_per_payload_byte": .number(Double(residentAfterWarmup - residentBeforeCache) / payload),
            "allocator_metadata_bytes_per_entry": .number(
                Double(Int(metadataAfterWarmup) - Int(metadataBeforeCache)) / Double(statistics.entries)),
            "request_p50_ns": .count(latencies[latencies.count / 2]),
            "request_p99_ns": .count(latencies[latencies.count * 99 / 100]),
            "request_p999_ns": .count(latencies[latencies.count * 999 / 1_000]),
            "floor_request_ns": .number(floor.floor), "cache_request_ns_beside_floor": .number(floor.cache),
            "ratio_to_floor": .number(floor.cache / floor.floor),
            "owned_floor_request_ns": .number(floor.ownedFloor),
            "ratio_to_owned_floor": .number(floor.cache / floor.ownedFloor),
            "scattered_floor_request_ns": .number(floor.scatteredFloor),
            "ratio_to_scattered_floor": .number(floor.cache / floor.scatteredFloor),
            "concurrent_callers": .count(callers),
            "concurrent_requests_per_s": .number(floor.concurrentCache),
            "concurrent_owned_floor_requests_per_s": .number(floor.concurrentOwnedFloor),
            "concurrent_scattered_floor_requests_per_s": .number(floor.concurrentScatteredFloor),
            "concurrent_speedup": .number(floor.concurrentCache * floor.cache / 1e9),
        ]
    }

    /// The floors: a table indexed by the drawn number holding every key's 1 KiB value (the
    /// cache's own arrays where it has them), no key, no hash, no lock, no TTL.
    /// - `floor`: the value is read and checked in place, as the plan defines the floor ("random
    ///   1 KiB reads"). Nothing in the loop is atomic, so the CPU overlaps one request's misses
    ///   with the next one's.
    /// - `ownedFloor`: the caller takes its own reference to the value, as a cache's caller does
    ///   (an atomic increment and decrement of the value's count): this stops that overlap.
    /// - `scatteredFloor`: the owned floor with each key's reference at a position of the table
    ///   scattered from its number (a fixed permutation), as a hash table scatters keys. In the
    ///   two floors above the hottest keys' references are consecutive (half a megabyte at
    ///   1 GiB); here, as in the cache, each hot key brings a line of its own.
    /// - `concurrentCache`, `concurrentOwnedFloor`, `concurrentScatteredFloor`: requests per
    ///   second of one caller per processor at once, each with its own draw (a gateway's request
    ///   handlers share one cache).
    /// Blocks of 100,000 requests (per caller) of each kind alternate ten times (the machine's
    /// phases hit all seven); returns the median of each.
    private func compareWithFloor() async throws -> (
        cache: Double, floor: Double, ownedFloor: Double, scatteredFloor: Double,
        concurrentCache: Double, concurrentOwnedFloor: Double, concurrentScatteredFloor: Double
    ) {
        var table: [[UInt8]] = []
        table.reserveCapacity(keySpace)
        for index in 0..<keySpace { table.append(cache.value(forKey: Self.key(index)) ?? Self.makePayload(index: index)) }
        let scatter = Scatter(count: keySpace)
        var scattered = [[UInt8]](repeating: [], count: keySpace)
        for index in 0..<keySpace { scattered[scatter.position(of: index)] = table[index] }
        let block = 100_000
        var cacheBlocks: [Double] = [], floorBlocks: [Double] = [], ownedFloorBlocks: [Double] = []
        var scatteredFloorBlocks: [Double] = []
        var concurrentCacheBlocks: [Double] = [], concurrentOwnedFloorBlocks: [Double] = []
        var concurrentScatteredFloorBlocks: [Double] = []
        for round in 0..<10 {
            var start = MonotonicClock.now()
            for _ in 0..<block { try await request() }
            cacheBlocks.append(Double(MonotonicClock.now() &- start) / Double(block))
            start = MonotonicClock.now()
            for _ in 0..<block {
                let index = nextKeyIndex()
                try Self.checkValue(table[index], is: index)
            }
            floorBlocks.append(Double(MonotonicClock.now() &- start) / Double(block))
            start = MonotonicClock.now()
            for _ in 0..<block {
                let index = nextKeyIndex()
                heldByFloor = table[index]
                try Self.checkValue(heldByFloor, is: index)
            }
            ownedFloorBlocks.append(Double(MonotonicClock.now() &- start) / Double(block))
            start = MonotonicClock.now()
            for _ in 0..<block {
                let index = nextKeyIndex()
                heldByFloor = scattered[scatter.position(of: index)]
                try Self.checkValue(heldByFloor, is: index)
            }
            scatteredFloorBlocks.append(Double(MonotonicClock.now() &- start) / Double(block))
            concurrentCacheBlocks.append(
                try await concurrentRate(requests: block, stream: "cache-\(round)") { index, _ in
                    try await self.request(index)
                })
            concurrentOwnedFloorBlocks.append(
                try await concurrentRate(requests: block, stream: "floor-\(round)") { [table] index, held in
                    held.value = table[index]
                    try Self.checkValue(held.value, is: index)
                })
            concurrentScatteredFloorBlocks.append(
                try await concurrentRate(requests: block, stream: "scattered-\(round)") { [scattered] index, held in
                    held.value = scattered[scatter.position(of: index)]
                    try Self.checkValue(held.value, is: index)
                })
        }
        return (
            median(cacheBlocks.sorted()), median(floorBlocks.sorted()), median(ownedFloorBlocks.sorted()),
            median(scatteredFloorBlocks.sorted()), median(concurrentCacheBlocks.sorted()),
            median(concurrentOwnedFloorBlocks.sorted()), median(concurrentScatteredFloorBlocks.sorted())
        )
    }

    /// Requests per second of `callers` child tasks running `requests` requests each at once,
    /// each drawing its keys from its own stream and holding its own `HeldValue`.
    private func concurrentRate(
        requests: Int, stream: String, _ request: @escaping @Sendable (Int, HeldValue) async throws -> Void
    ) async throws -> Double {
        let start = MonotonicClock.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var random = SplitMix64(seed: UInt64(caller), stream: stream)
                    let held = HeldValue()
                    for _ in 0..<requests { try await request(self.nextKeyIndex(using: &random), held) }
                }
            }
            try await group.waitForAll()
        }
        return Double(callers * requests) * 1e9 / Double(MonotonicClock.now() &- start)
    }
}

/// A fixed permutation of `0..<count`: `index × count.scatteringStride mod count` (no two indexes
/// share a position, and consecutive indexes land far apart).
struct Scatter: Sendable {
    let count: Int
    let multiplier: Int

    init(count: Int) {
        self.count = count
        multiplier = count.scatteringStride
    }

    @inline(__always)
    func position(of index: Int) -> Int { index &* multiplier % count }
}

/// A reference the concurrent floor's callers store a value in, as a cache's caller keeps its result.
private final class HeldValue: @unchecked Sendable {
    // @unchecked Sendable: each instance is used by one task.
    var value: [UInt8] = []
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
