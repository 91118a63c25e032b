#if canImport(Glibc)
import Glibc
#endif

/// Anonymous memory straight from the kernel, on 4 KiB pages.
///
/// The cache's entry slabs and key indexes live here rather than in `malloc`ed arrays:
/// - a reservation commits pages only as they are first touched, so a slab can be reserved
///   once for the most entries the budget allows and never moves or grows by copying (a
///   doubling array held the old and the new buffer, and the allocator kept the old one
///   resident for seconds after it was freed);
/// - `munmap` gives the pages back at once.
///
/// No transparent huge pages: with the slab and the index advised `MADV_HUGEPAGE`, the working
/// set was no faster (1 GiB: 658–709 vs 638–688 ns a request, three pairs) and each partly
/// touched huge page is committed whole, 2 MiB at most per shard's slab and index.
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
        self.base = address
        self.byteCount = length
    }

    @inlinable deinit {
        munmap(base, byteCount)
    }
}
