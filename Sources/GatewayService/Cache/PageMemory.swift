#if canImport(Glibc)
import Glibc
#endif

/// Anonymous memory straight from the kernel, advised to use transparent huge pages.
///
/// The cache's entry slab and key index live here rather than in `malloc`ed arrays:
/// - a reservation commits pages only as they are first touched, so the slab can be reserved
///   once for the most entries the budget allows and never moves or grows by copying (a
///   doubling array held the old and the new buffer, and the allocator kept the old one
///   resident for seconds after it was freed);
/// - with a million entries spread over a gigabyte, every lookup is a TLB miss on 4 KiB pages;
///   2 MiB pages (`MADV_HUGEPAGE`; this machine's THP mode is `madvise`) cover the slab and the
///   index with a few hundred TLB entries;
/// - `munmap` gives the pages back at once.
@usableFromInline
struct PageMemory: ~Copyable {
    /// Start of the mapping.
    @usableFromInline let base: UnsafeMutableRawPointer
    /// Length of the mapping in bytes, a multiple of the page size.
    @usableFromInline let byteCount: Int

    /// Maps `byteCount` bytes (at least one page) of zeroed, lazily committed memory, on huge
    /// pages if `hugePages` (a huge page is committed whole when any byte of it is touched, so
    /// small, sparsely touched arrays are better off on 4 KiB pages).
    init(byteCount: Int, hugePages: Bool = true) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = max(page, (byteCount + page - 1) / page * page)
        let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let address, address != MAP_FAILED else {
            fatalError("L1Cache: cannot map \(length) bytes of memory (errno \(errno))")
        }
        // Advice only: where THP is off, the mapping works on 4 KiB pages.
        if hugePages { _ = madvise(address, length, MADV_HUGEPAGE) }
        self.base = address
        self.byteCount = length
    }

    @inlinable deinit {
        munmap(base, byteCount)
    }
}
