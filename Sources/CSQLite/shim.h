// The system SQLite header (Debian: libsqlite3-dev).
#include <sqlite3.h>

// Wrapper around sqlite3_config(), which is variadic and so cannot be called from Swift.
// Turns off SQLite's memory statistics, which take a global mutex on every allocation.
// Must run before the first connection opens; returns SQLITE_MISUSE afterwards (harmless).
static inline int CSQLite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
