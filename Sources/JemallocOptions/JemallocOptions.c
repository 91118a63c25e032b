#include "JemallocOptions.h"

// jemalloc reads this string at start-up, before `MALLOC_CONF` (which overrides it key by key).
//
// slab_sizes: by default jemalloc carves 512 B to 4 KiB objects from one-page slabs, and each
// slab costs a ~128-byte extent record: 3 % of every such object's size (34-36 B per 1 KiB
// value, measured with `stats.metadata`). A cache holding a million 1 KiB values paid that on
// top of the values themselves. Sixteen-page slabs bring it to 4 B per 1 KiB object; the price
// is up to one partly used 64 KiB slab per size class and arena.
const char *malloc_conf = "slab_sizes:512-4096:16";
