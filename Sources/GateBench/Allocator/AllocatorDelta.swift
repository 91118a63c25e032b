/// What the allocator did during a measured stretch of `iterations` operations.
public struct AllocatorDelta: Sendable, Codable, Equatable {
    /// Allocation requests in the stretch.
    public let allocations: UInt64
    /// Bytes allocated in the stretch; `nil` for async bodies, whose work may move between threads.
    public let bytesAllocated: UInt64?
    /// Bytes freed in the stretch; `nil` for async bodies.
    public let bytesFreed: UInt64?
    /// Operations the stretch ran.
    public let iterations: Int

    public init(allocations: UInt64, bytesAllocated: UInt64?, bytesFreed: UInt64?, iterations: Int) {
        self.allocations = allocations
        self.bytesAllocated = bytesAllocated
        self.bytesFreed = bytesFreed
        self.iterations = iterations
    }

    /// The difference of two snapshots taken on one thread around `iterations` operations.
    public init(from start: AllocatorSnapshot, to end: AllocatorSnapshot, iterations: Int, threadBytesValid: Bool) {
        self.init(
            allocations: end.allocations &- start.allocations,
            bytesAllocated: threadBytesValid ? end.bytesAllocated &- start.bytesAllocated : nil,
            bytesFreed: threadBytesValid ? end.bytesFreed &- start.bytesFreed : nil,
            iterations: iterations)
    }

    /// Allocations per operation.
    public var allocationsPerOp: Double { Double(allocations) / Double(max(iterations, 1)) }
    /// Bytes allocated per operation, when known.
    public var bytesAllocatedPerOp: Double? { bytesAllocated.map { Double($0) / Double(max(iterations, 1)) } }
    /// Bytes freed per operation, when known.
    public var bytesFreedPerOp: Double? { bytesFreed.map { Double($0) / Double(max(iterations, 1)) } }
}
