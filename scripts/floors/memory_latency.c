// memory_latency: the time of one dependent load from a random cache line of a region, by region
// size; and, at a fixed number of lines, spread one per page over a growing span. The first curve
// shows how much data this machine's caches hold for one process (where the time jumps); the
// second shows whether the jump is the data's size or the pages it spans (TLB reach). The L1
// cache's working set is bound by these: see docs/l1-cache.md.
//
// Regions are anonymous mappings advised onto transparent huge pages, like the cache's tables.
// Each line holds the address of the next in one random cycle through all of them, so every load
// waits for the one before (no overlap), as a hit waits for its table entry before its value.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1e9 + now.tv_nsec;
}

static uint64_t state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) {  // SplitMix64
    uint64_t z = (state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

// Nanoseconds per load over `count` lines, one every `stride` bytes (a random line of each stride).
static double chase(size_t count, size_t stride) {
    size_t bytes = count * stride;
    char *region = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) { perror("mmap"); exit(1); }
    madvise(region, bytes, MADV_HUGEPAGE);
    size_t *order = malloc(count * sizeof *order);
    if (order == NULL) { perror("malloc"); exit(1); }
    for (size_t i = 0; i < count; i++) order[i] = i;
    for (size_t i = count - 1; i > 0; i--) {
        size_t j = next_random() % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    size_t lines_per_stride = stride / 64;
    char **line = malloc(count * sizeof *line);
    if (line == NULL) { perror("malloc"); exit(1); }
    for (size_t i = 0; i < count; i++) line[i] = region + order[i] * stride + (next_random() % lines_per_stride) * 64;
    for (size_t i = 0; i < count; i++) *(char **)line[i] = line[(i + 1) % count];
    char *p = line[0];
    long loads = 2000000;
    for (long i = 0; i < loads / 4; i++) p = *(char **)p;
    double start = nanoseconds();
    for (long i = 0; i < loads; i++) p = *(char **)p;
    double elapsed = nanoseconds() - start;
    if (p == NULL) puts("");  // keeps the chase
    munmap(region, bytes);
    free(order);
    free(line);
    return elapsed / loads;
}

int main(void) {
    puts("data held (consecutive lines)   ns per dependent load");
    size_t sizes_kib[] = {1024, 2048, 4096, 8192, 16384, 32768, 65536, 262144, 1048576};
    for (size_t i = 0; i < sizeof sizes_kib / sizeof *sizes_kib; i++)
        printf("%10zu KiB                   %6.1f\n", sizes_kib[i], chase(sizes_kib[i] * 16, 64));
    puts("\n256 KiB of lines, one per stride  span        ns per dependent load");
    size_t strides[] = {4096, 65536, 262144};
    for (size_t i = 0; i < sizeof strides / sizeof *strides; i++)
        printf("%10zu B stride               %5zu MiB   %6.1f\n", strides[i], 4096 * strides[i] >> 20, chase(4096, strides[i]));
    return 0;
}
