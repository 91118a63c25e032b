#include "JemallocOptions.h"

// jemalloc reads this string at start-up, before `MALLOC_CONF` (which overrides it key by key).
//
// slab_sizes: by default jemalloc carves 512 B to 4 KiB objects from one-page slabs, and each
// slab costs a ~128-byte extent record: 3 % of every such object's size (34-36 B per 1 KiB
// value, measured with `stats.metadata`). A cache holding a million 1 KiB values paid that on
// top of the values themselves. Sixteen-page slabs bring it to 4 B per 1 KiB object; the price
// is up to one partly used 64 KiB slab per size class and arena.
//
// thp:always: jemalloc advises its memory MADV_HUGEPAGE (the kernel's THP mode here is
// `madvise`), so a heap of many cached values needs one TLB entry per 2 MiB instead of per 4 KiB.
// The working set of 10 GiB of 1 KiB values, without and with it alternated: 1,428, 1,273, 1,218
// → 1,097, 1,063, 1,034 ns a request; two callers 1.28, 1.38, 1.35 → 1.69, 1.65, 2.18 M/s. At
// 1 GiB no change beyond the machine's noise, and resident memory 1.090 → 1.095-1.097 × the
// payload (partly used huge pages). Every process pays those: peak resident size of the small
// multi-tenancy benchmarks 39-45 → 64-70 MB, of the federation aggregate 251 → 304 MB.
const char *malloc_conf = "slab_sizes:512-4096:16,thp:always";
