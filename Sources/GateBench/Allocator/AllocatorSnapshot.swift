/// Cumulative allocator counters at one instant; only differences are meaningful.
public struct AllocatorSnapshot: Sendable, Equatable {
    /// Allocation requests served by the private arena (`small.nrequests + large.nrequests`).
    public let allocations: UInt64
    /// Bytes allocated by the calling thread (`thread.allocated`).
    public let bytesAllocated: UInt64
    /// Bytes freed by the calling thread (`thread.deallocated`).
    public let bytesFreed: UInt64

    public init(allocations: UInt64, bytesAllocated: UInt64, bytesFreed: UInt64) {
        self.allocations = allocations
        self.bytesAllocated = bytesAllocated
        self.bytesFreed = bytesFreed
    }
}
