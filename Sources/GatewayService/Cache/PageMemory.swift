#if canImport(Glibc)
import Glibc
#endif

/// Anonymous memory straight from the kernel.
///
/// The cache's entry slabs and key indexes live here rather than in `malloc`ed arrays:
/// - a reservation commits pages only as they are first touched, so a slab can be reserved
///   once for the most entries the budget allows and never moves or grows by copying (a
///   doubling array held the old and the new buffer, and the allocator kept the old one
///   resident for seconds after it was freed);
/// - `munmap` gives the pages back at once.
///
/// With `hugePages` the mapping is advised `MADV_HUGEPAGE`: a random access then needs one TLB
/// entry per 2 MiB instead of per 4 KiB, which pays when the slabs and indexes are hundreds of
/// megabytes (10 GiB cache: 1.51/1.72 → 1.82/2.07 M requests/s with two callers). Each partly
/// touched huge page is committed whole, so the cache asks for them only when that waste is a
/// small share of its budget (`L1Cache.usesHugePages`).
@usableFromInline
struct PageMemory: ~Copyable {
    /// Start of the mapping.
    @usableFromInline let base: UnsafeMutableRawPointer
    /// Length of the mapping in bytes, a multiple of the page size.
    @usableFromInline let byteCount: Int
    /// Whether the mapping was advised onto huge pages.
    let hugePages: Bool

    /// Maps `byteCount` bytes (at least one page) of zeroed, lazily committed memory, advised
    /// for transparent huge pages when `hugePages` (a hint: the kernel may not follow it).
    init(byteCount: Int, hugePages: Bool = false) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = max(page, (byteCount + page - 1) / page * page)
        let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let address, address != MAP_FAILED else {
            fatalError("L1Cache: cannot map \(length) bytes of memory (errno \(errno))")
        }
        if hugePages { madvise(address, length, MADV_HUGEPAGE) }
        self.base = address
        self.byteCount = length
        self.hugePages = hugePages
    }

    @inlinable deinit {
        munmap(base, byteCount)
    }
}
