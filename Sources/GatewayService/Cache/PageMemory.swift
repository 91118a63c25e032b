#if canImport(Glibc)
import Glibc
#endif

/// Anonymous memory straight from the kernel, advised onto transparent huge pages.
///
/// The cache's tables live here rather than in `malloc`ed arrays: `munmap` gives a table's pages
/// back the moment it has grown into a new one (the allocator kept a freed buffer resident for
/// seconds), and the mapping is advised `MADV_HUGEPAGE`, so a random access needs one TLB entry
/// per 2 MiB instead of per 4 KiB (10 GiB cache, before the tables: 1.51/1.72 → 1.82/2.07 M
/// requests/s with two callers). The advice is a hint: the kernel may not follow it, and it
/// never applies to the part of a mapping short of a whole aligned 2 MiB.
@usableFromInline
struct PageMemory: ~Copyable {
    /// Start of the mapping.
    @usableFromInline let base: UnsafeMutableRawPointer
    /// Length of the mapping in bytes, a multiple of the page size.
    @usableFromInline let byteCount: Int

    /// Maps `byteCount` bytes (at least one page) of zeroed, lazily committed memory.
    init(byteCount: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = max(page, (byteCount + page - 1) / page * page)
        let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let address, address != MAP_FAILED else {
            fatalError("L1Cache: cannot map \(length) bytes of memory (errno \(errno))")
        }
        madvise(address, length, MADV_HUGEPAGE)
        self.base = address
        self.byteCount = length
    }

    @inlinable deinit {
        munmap(base, byteCount)
    }
}
