import GateBench

extension Suite {
    /// The `harness` group: self-checks of the runner with known answers.
    ///
    /// - `empty`: nothing; a sound harness reports ≤ 1 ns/op and 0 allocations.
    /// - `spin_10us`: a busy-wait of 10 µs by the clock; must be reported within 2 %.
    /// - `allocate_4096`: one 4,096-byte allocation and free; must read exactly 1 alloc and 4,096 bytes per op.
    /// - `empty_async`: an empty async body, the floor of any async benchmark.
    public mutating func addHarness() {
        add(Benchmark("harness", "empty") {})
        add(
            Benchmark(
                "harness", "spin_10us",
                setup: {
                    let spun = spin(nanoseconds: identity(10_000))
                    try check(spun >= 10_000, "spin returned after \(spun) ns < 10,000 ns")
                    return identity(UInt64(10_000))
                },
                body: { length in blackHole(spin(nanoseconds: length)) }))
        add(
            Benchmark("harness", "allocate_4096", setup: { identity(4096) }) { byteCount in
                let block = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 16)
                blackHole(block)
                block.deallocate()
            })
        add(Benchmark("harness", "empty_async", asyncBody: {}))
    }
}

/// Busy-waits until `nanoseconds` have passed on the runner's clock; returns the time actually spun.
@inline(__always)
func spin(nanoseconds: UInt64) -> UInt64 {
    let start = MonotonicClock.now()
    var now = start
    while now &- start < nanoseconds { now = MonotonicClock.now() }
    return now &- start
}
