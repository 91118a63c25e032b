import Testing

@testable import GateBench

/// Live allocator tests: jemalloc is linked into this test binary as it is into `bench`.
/// Each test binds its thread to its own private arena, so tests running in parallel do not
/// count each other's allocations; a warmed-up body is measured several times and the minimum kept.
struct JemallocTests {
    let jemalloc: Jemalloc

    init() throws {
        jemalloc = try Jemalloc()
    }

    func minimumDelta(iterations: Int, _ body: () -> Void) -> AllocatorDelta {
        jemalloc.bindCurrentThread()
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
