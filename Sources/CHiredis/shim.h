// Redis's C client library (Debian: libhiredis-dev).
#include <hiredis/hiredis.h>
