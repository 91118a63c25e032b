import CJemalloc
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads jemalloc's statistics through `mallctl`, with every name resolved once into a MIB.
///
/// Each instance owns a private arena (`arenas.create`); the measuring thread binds to it
/// (`bindCurrentThread()`), so allocation requests counted there are that thread's alone, whatever
/// other threads do. Reading by name would allocate (the names are built at run time), and a
/// snapshot must not disturb what it measures: a tcache flush, an epoch refresh and four reads.
public struct Jemalloc: Sendable {
    /// Why jemalloc cannot be used for measurement.
    public struct Unavailable: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private let tcacheFlush: [Int]
    private let epoch: [Int]
    private let smallRequests: [Int]
    private let largeRequests: [Int]
    private let threadAllocated: [Int]
    private let threadDeallocated: [Int]
    private let threadArena: [Int]
    private let statsAllocated: [Int]
    /// The private arena's index.
    public let arena: UInt32
    /// jemalloc's version string, e.g. `5.3.0-0-g54eaed1d…`.
    public let version: String

    /// Resolves the statistics this type reads and checks that jemalloc serves the process's allocations.
    ///
    /// - Throws: `Unavailable` when `mallctl` fails or when `thread.allocated` does not move
    ///   after a 1 MiB allocation through Swift (glibc's malloc would then be serving the process).
    public init() throws(Unavailable) {
        version = try Self.readVersion()
        tcacheFlush = try Self.mib("thread.tcache.flush")
        epoch = try Self.mib("epoch")
        arena = try Self.createArena()
        var small = try Self.mib("stats.arenas.0.small.nrequests")
        var large = try Self.mib("stats.arenas.0.large.nrequests")
        small[2] = Int(arena)
        large[2] = Int(arena)
        smallRequests = small
        largeRequests = large
        threadAllocated = try Self.mib("thread.allocated")
        threadDeallocated = try Self.mib("thread.deallocated")
        threadArena = try Self.mib("thread.arena")
        statsAllocated = try Self.mib("stats.allocated")
        try verifyProcessAllocator()
    }

    /// Makes the calling thread allocate from the private arena, so `snapshot()` counts its requests
    /// only; returns the arena it used before, for `restoreThreadArena(_:)`.
    /// The corresponding C function is `mallctlbymib` on `thread.arena`.
    @discardableResult
    public func bindCurrentThread() -> UInt32 {
        var previous: UInt32 = 0
        var size = MemoryLayout<UInt32>.size
        var index = arena
        mallctlbymib(threadArena, threadArena.count, &previous, &size, &index, MemoryLayout<UInt32>.size)
        return previous
    }

    /// Binds the calling thread back to `previous`: a thread left on the private arena would later
    /// flush requests of unrelated work into a measurement.
    public func restoreThreadArena(_ previous: UInt32) {
        var index = previous
        mallctlbymib(threadArena, threadArena.count, nil, nil, &index, MemoryLayout<UInt32>.size)
    }

    /// Current counters. Call on the thread you measure, after `bindCurrentThread()`, outside any timed window.
    ///
    /// The corresponding C functions are `mallctlbymib` on `thread.tcache.flush`, `epoch`,
    /// `stats.arenas.<private>.{small,large}.nrequests` and `thread.{de,}allocated`.
    public func snapshot() -> AllocatorSnapshot {
        mallctlbymib(tcacheFlush, tcacheFlush.count, nil, nil, nil, 0)
        var one: UInt64 = 1
        mallctlbymib(epoch, epoch.count, nil, nil, &one, MemoryLayout<UInt64>.size)
        return AllocatorSnapshot(
            allocations: read(smallRequests) &+ read(largeRequests),
            bytesAllocated: read(threadAllocated),
            bytesFreed: read(threadDeallocated))
    }

    /// Bytes the whole process holds allocated now (`stats.allocated`, after an `epoch` refresh):
    /// the figure whose slope tells a leak.
    public func allocatedBytes() -> UInt64 {
        var one: UInt64 = 1
        mallctlbymib(epoch, epoch.count, nil, nil, &one, MemoryLayout<UInt64>.size)
        return read(statsAllocated)
    }

    /// Bytes jemalloc uses for its own bookkeeping now (`stats.metadata`, after an `epoch`
    /// refresh): extent headers, radix tree, base allocations. Per small object it is what a
    /// heap allocation costs beyond its size class.
    public static func metadataBytes() -> UInt64 {
        var one: UInt64 = 1
        mallctl("epoch", nil, nil, &one, MemoryLayout<UInt64>.size)
        var value: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        guard mallctl("stats.metadata", &value, &size, nil, 0) == 0 else { return 0 }
        return value
    }

    /// jemalloc's transparent huge page mode (`opt.thp`: `default`, `always` or `never`), or
    /// "unknown" when it cannot be read.
    public static var transparentHugePages: String {
        var pointer: UnsafePointer<CChar>? = nil
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("opt.thp", &pointer, &size, nil, 0) == 0, let pointer else { return "unknown" }
        return String(cString: pointer)
    }

    private func read(_ mib: [Int]) -> UInt64 {
        var value: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        guard mallctlbymib(mib, mib.count, &value, &size, nil, 0) == 0 else { return 0 }
        return value
    }

    private func verifyProcessAllocator() throws(Unavailable) {
        let before = read(threadAllocated)
        let oneMiB = 1 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: oneMiB, alignment: 16)
        block.storeBytes(of: 1, as: UInt8.self)
        let after = read(threadAllocated)
        block.deallocate()
        guard after &- before >= UInt64(oneMiB) else {
            throw Unavailable(
                description: "jemalloc is not the process allocator (thread.allocated did not move after "
                    + "a 1 MiB allocation); install libjemalloc-dev and rebuild so that libjemalloc is linked first")
        }
    }

    /// True when jemalloc samples allocation sites (`opt.prof`, set through `MALLOC_CONF=prof:true`
    /// before the process starts).
    public var isProfilingEnabled: Bool {
        var enabled = false
        var size = MemoryLayout<Bool>.size
        return mallctl("opt.prof", &enabled, &size, nil, 0) == 0 && enabled
    }

    /// Starts or stops sampling allocation sites (`prof.active`).
    public func setProfilingActive(_ active: Bool) {
        var value = active
        mallctl("prof.active", nil, nil, &value, MemoryLayout<Bool>.size)
    }

    /// Forgets every sample so far (`prof.reset`), so a dump covers only what follows.
    public func resetProfile() {
        mallctl("prof.reset", nil, nil, nil, 0)
    }

    /// Writes the sampled allocation sites to `path` in jeprof's format (`prof.dump`).
    public func dumpProfile(to path: String) -> Bool {
        path.withCString { name in
            var pointer: UnsafePointer<CChar>? = name
            return mallctl("prof.dump", nil, nil, &pointer, MemoryLayout<UnsafePointer<CChar>?>.size) == 0
        }
    }

    private static func createArena() throws(Unavailable) -> UInt32 {
        var index: UInt32 = 0
        var size = MemoryLayout<UInt32>.size
        guard mallctl("arenas.create", &index, &size, nil, 0) == 0 else {
            throw Unavailable(description: "jemalloc's mallctl(\"arenas.create\") failed; cannot count allocations per thread")
        }
        return index
    }

    private static func readVersion() throws(Unavailable) -> String {
        var pointer: UnsafePointer<CChar>? = nil
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &pointer, &size, nil, 0) == 0, let pointer else {
            throw Unavailable(description: "jemalloc's mallctl(\"version\") failed; install libjemalloc-dev and rebuild")
        }
        return String(cString: pointer)
    }

    private static func mib(_ name: String) throws(Unavailable) -> [Int] {
        var mib = [Int](repeating: 0, count: name.split(separator: ".").count)
        var length = mib.count
        let status = mib.withUnsafeMutableBufferPointer { mallctlnametomib(name, $0.baseAddress, &length) }
        guard status == 0 else {
            throw Unavailable(
                description: "jemalloc has no statistic '\(name)' (mallctlnametomib returned \(status)); "
                    + "a jemalloc built with --enable-stats is required (Debian's libjemalloc-dev is)")
        }
        return Array(mib.prefix(length))
    }
}

/// The process's peak resident set size in bytes. The corresponding C function is `getrusage`.
public func peakResidentBytes() -> UInt64 {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = UInt64(line.split(separator: " ").dropFirst().first ?? "")
    {
        return kilobytes * 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return UInt64(max(usage.ru_maxrss, 0)) * 1024
}

/// Resets the process's resident high-water mark to its current resident size (Linux
/// `/proc/self/clear_refs` ← 5), so the next `peakResidentBytes()` is one benchmark's own peak.
public func resetPeakResidentBytes() {
    let descriptor = open("/proc/self/clear_refs", O_WRONLY)
    guard descriptor >= 0 else { return }
    _ = "5".withCString { write(descriptor, $0, 1) }
    close(descriptor)
}
