import Testing

@testable import GateBench

/// Live allocator tests: jemalloc is linked into this test binary as it is into `bench`.
/// Each measures a warmed-up body several times and keeps the minimum (swift-nio's scaffolding),
/// so a stray allocation of the test runner on another thread cannot make the count flaky.
struct JemallocTests {
    let jemalloc: Jemalloc

    init() throws {
        jemalloc = try Jemalloc()
    }

    func minimumDelta(iterations: Int, _ body: () -> Void) -> AllocatorDelta {
        body()
        return (0..<10).map { _ in
            let start = jemalloc.snapshot()
            for _ in 0..<iterations { body() }
            let end = jemalloc.snapshot()
            return AllocatorDelta(from: start, to: end, iterations: iterations, threadBytesValid: true)
        }.min { $0.allocations < $1.allocations }!
    }

    @Test func isTheProcessAllocator() {
        #expect(jemalloc.version.hasPrefix("5."))
    }

    @Test func emptyStretchReadsZero() {
        let delta = minimumDelta(iterations: 1_000) {}
        #expect(delta.allocations == 0)
        #expect(delta.bytesAllocated == 0)
        #expect(delta.bytesFreed == 0)
    }

    @Test(arguments: [64, 4096, 100_000])
    func oneAllocationPerOperationIsCountedExactly(byteCount: Int) {
        let delta = minimumDelta(iterations: 100) {
            let block = UnsafeMutableRawPointer.allocate(byteCount: identity(byteCount), alignment: 16)
            blackHole(block)
            block.deallocate()
        }
        #expect(delta.allocations == 100)
        #expect(delta.allocationsPerOp == 1)
        // jemalloc accounts size classes; these sizes are classes or round up to the next one.
        #expect(delta.bytesAllocatedPerOp! >= Double(byteCount))
        #expect(delta.bytesAllocatedPerOp! < Double(byteCount) * 1.25)
        #expect(delta.bytesFreed == delta.bytesAllocated)
    }

    @Test func sizeClassBytesAreExact() {
        let delta = minimumDelta(iterations: 10) {
            let block = UnsafeMutableRawPointer.allocate(byteCount: identity(4096), alignment: 16)
            blackHole(block)
            block.deallocate()
        }
        #expect(delta.bytesAllocated == 40_960)
    }

    @Test func peakResidentMemoryIsPlausible() {
        let peak = peakResidentBytes()
        #expect(peak > 1 << 20)
        #expect(peak < 1 << 40)
    }
}
