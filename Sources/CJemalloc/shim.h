// The system jemalloc header (Debian: libjemalloc-dev), never a vendored copy.
#include <jemalloc/jemalloc.h>
