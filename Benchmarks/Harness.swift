import GateBench
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension Suite {
    /// The `harness` group: self-checks of the runner with known answers. Each verifies its own
    /// measured result and fails the run (exit 3, with the figure) when a guarantee does not hold.
    ///
    /// Checks of what the optimizer does (`empty` flagged, the waits' precision) hold in release
    /// builds only; a debug build checks the allocation counts alone.
    ///
    /// - `empty`: a body the optimizer removes; must be flagged optimized away, with 0 allocations.
    /// - `opaque_call`: one call the optimizer cannot remove: the real floor of a benchmark body.
    /// - `spin_10us`: a busy-wait of 10 µs timed by `CLOCK_MONOTONIC_RAW`, a clock source the runner
    ///   does not use; the runner's median must be within 2 %.
    /// - `spin_1us_x10`, `spin_1us_x1000`: the same 1 µs wait at 10 and 1,000 iterations per round;
    ///   the per-operation times of their fastest rounds must agree within 2 %. (Medians did not
    ///   hold on a shared VM: a 1 ms round is often interrupted, and a wait that is preempted ends
    ///   late, so interruptions only ever add time; the fastest round is the one they spared.)
    /// - `allocate_4096`: exactly 1 allocation and 4,096 bytes per operation.
    /// - `empty_async`: an empty async body, the floor of any async benchmark.
    /// - `async_children_8`, `async_children_8_allocating`: 8 child tasks; in the second each child
    ///   allocates 4,096 bytes once. The difference must be exactly 8 allocations and 32,768 bytes.
    public mutating func addHarness() {
        let release = BuildConfiguration.current == .release
        add(Benchmark("harness", "empty") {}.verifying { result in
            try check(!release || result.isOptimizedAway, "an empty body was not flagged optimized away (median \(result.statistics.median) ns/op)")
            try check(result.allocator?.allocations == 0, "an empty body allocated \(result.allocator?.allocations ?? 0) times")
        })
        add(Benchmark("harness", "opaque_call") { blackHole(0) }.verifying { result in
            try check(!result.isOptimizedAway, "an opaque call was flagged optimized away")
            try check(result.allocator?.allocations == 0, "an opaque call allocated \(result.allocator?.allocations ?? 0) times")
        })
        add(
            Benchmark("harness", "spin_10us", setup: { identity(UInt64(10_000)) }) { length in
                blackHole(spinOnRawClock(nanoseconds: length))
            }.verifying { result in
                let error = result.statistics.median / 10_000 - 1
                try check(!release || abs(error) <= 0.02, "a 10 µs wait (CLOCK_MONOTONIC_RAW) measured \(result.statistics.median) ns: \(error * 100) % off")
            })
        let oneMicrosecond = Mutex<Double?>(nil)
        add(
            Benchmark(
                "harness", "spin_1us_x10", mode: .explicit(rounds: 200, iterations: 10, warmupRounds: 20),
                setup: { identity(UInt64(1_000)) }
            ) { length in blackHole(spinOnRawClock(nanoseconds: length)) }
            .verifying { result in oneMicrosecond.withLock { $0 = result.statistics.min } })
        add(
            Benchmark(
                "harness", "spin_1us_x1000", mode: .explicit(rounds: 20, iterations: 1_000, warmupRounds: 2),
                setup: { identity(UInt64(1_000)) }
            ) { length in blackHole(spinOnRawClock(nanoseconds: length)) }
            .verifying { result in
                guard let few = oneMicrosecond.withLock({ $0 }) else { return }
                let ratio = result.statistics.min / few
                try check(
                    !release || abs(ratio - 1) <= 0.02,
                    "a 1 µs wait measured \(few) ns/op at 10 iterations but \(result.statistics.min) ns/op at 1,000 (fastest rounds)")
            })
        add(
            Benchmark("harness", "allocate_4096", setup: { identity(4096) }) { byteCount in
                let block = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 16)
                blackHole(block)
                block.deallocate()
            }.verifying { result in
                let allocations = result.allocator?.allocationsPerOp, bytes = result.allocator?.bytesAllocatedPerOp
                try check(allocations == 1 && bytes == 4096, "expected 1 allocation of 4,096 B per op, measured \(allocations ?? -1) and \(bytes ?? -1) B")
            })
        add(Benchmark("harness", "empty_async", asyncBody: {}))
        let childrenOnly = Mutex<AllocatorDelta?>(nil)
        // The same explicit iteration count for both: the task runtime's amortized allocations (a task's
        // slab, a group's storage) then fall alike on both sides of the difference.
        let children = RunMode.explicit(rounds: 100, iterations: 64, warmupRounds: 10)
        add(Benchmark("harness", "async_children_8", mode: children, asyncBody: { await spawnChildren(allocating: 0) }).verifying { result in
            childrenOnly.withLock { $0 = result.allocator }
        })
        add(
            Benchmark("harness", "async_children_8_allocating", mode: children, asyncBody: { await spawnChildren(allocating: 4096) })
                .verifying { result in
                    guard let with = result.allocator, let without = childrenOnly.withLock({ $0 }) else { return }
                    let allocations = with.allocationsPerOp - without.allocationsPerOp
                    let bytes = (with.bytesAllocatedPerOp ?? 0) - (without.bytesAllocatedPerOp ?? 0)
                    try check(
                        allocations == 8 && bytes == 8 * 4096,
                        "8 child tasks allocating 4,096 B once each counted \(allocations) allocations and \(bytes) B more than 8 empty children")
                })
    }
}

/// Spawns 8 child tasks; each allocates (and frees) `bytes` once when `bytes > 0`.
func spawnChildren(allocating bytes: Int) async {
    let size = identity(bytes)
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<8 {
            group.addTask {
                guard size > 0 else { return }
                let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
                blackHole(block)
                block.deallocate()
            }
        }
    }
}

/// Busy-waits `nanoseconds` by `CLOCK_MONOTONIC_RAW` (not the runner's `CLOCK_MONOTONIC`); returns the time spun.
@inline(__always)
func spinOnRawClock(nanoseconds: UInt64) -> UInt64 {
    func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_RAW, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
    let start = now()
    var current = start
    while current &- start < nanoseconds { current = now() }
    return current &- start
}
