#ifndef GATEBENCH_CPREFETCH_H
#define GATEBENCH_CPREFETCH_H

/// Asks the processor to start loading the cache line at `address` for a read, without waiting
/// for it. Swift has no prefetch of its own; this inlines to one `prefetcht0` instruction.
static inline __attribute__((always_inline)) void cache_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
