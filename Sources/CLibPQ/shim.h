// The PostgreSQL client library's header (Debian: libpq-dev).
#include <libpq-fe.h>
