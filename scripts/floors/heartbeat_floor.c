/*
 * heartbeat_floor DB SECONDS [nocheckpoint] - the floor of heartbeat/heartbeat_update: the same
 * three statements in one transaction (read the agent, update it guarded by retired_at IS NULL,
 * append the audit event), round-robin over the live agents, through the raw SQLite C API on a copy
 * of the wave: WAL, synchronous = NORMAL, every statement prepared once (BEGIN IMMEDIATE and COMMIT
 * too). Checkpoints: SQLite's automatic ones (every 1,000 pages, inside a commit), or with
 * `nocheckpoint` none at all while timing (the log grows; it is checkpointed and truncated after).
 * Prints the median nanoseconds per heartbeat over rounds of 1,000 heartbeats run for SECONDS.
 * Build: cc -O2 -o heartbeat_floor heartbeat_floor.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "heartbeat_floor: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *statement = NULL;
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL), db, sql);
    return statement;
}

static void run(sqlite3_stmt *statement, sqlite3 *db, const char *what) {
    check(sqlite3_step(statement), db, what);
    sqlite3_reset(statement);
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "nocheckpoint") != 0)) {
        fprintf(stderr, "usage: heartbeat_floor DB SECONDS [nocheckpoint]\n");
        return 2;
    }
    int checkpoints = argc == 3;
    sqlite3 *db;
    check(sqlite3_open(argv[1], &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL, NULL, NULL), db, "pragmas");
    if (!checkpoints) check(sqlite3_exec(db, "PRAGMA wal_autocheckpoint = 0;", NULL, NULL, NULL), db, "autocheckpoint");

    sqlite3_stmt *live = prepare(db, "SELECT id FROM agents WHERE retired_at IS NULL ORDER BY id");
    int capacity = 1024, count = 0;
    long long *ids = malloc(sizeof(long long) * capacity);
    while (sqlite3_step(live) == SQLITE_ROW) {
        if (count == capacity) ids = realloc(ids, sizeof(long long) * (capacity *= 2));
        ids[count++] = sqlite3_column_int64(live, 0);
    }
    sqlite3_finalize(live);
    if (count == 0) { fprintf(stderr, "heartbeat_floor: no live agent\n"); return 1; }

    sqlite3_stmt *begin = prepare(db, "BEGIN IMMEDIATE");
    sqlite3_stmt *commit = prepare(db, "COMMIT");
    sqlite3_stmt *read = prepare(db, "SELECT retired_at IS NOT NULL FROM agents WHERE id = ?");
    sqlite3_stmt *update = prepare(db,
        "UPDATE agents SET last_heartbeat_at = ?2, "
        "version = CASE WHEN ?3 = '' THEN version ELSE ?3 END, "
        "hostname = CASE WHEN ?4 = '' THEN hostname ELSE ?4 END, "
        "os = CASE WHEN ?5 = '' THEN os ELSE ?5 END, "
        "architecture = CASE WHEN ?6 = '' THEN architecture ELSE ?6 END "
        "WHERE id = ?1 AND retired_at IS NULL");
    sqlite3_stmt *audit = prepare(db,
        "INSERT INTO audit_events (agent_id, action, details, created_at) VALUES (?, 'agent.heartbeat', ?, ?)");

    long long at = 1767225600000LL, deadline = now_ns() + (long long)(atof(argv[2]) * 1e9);
    int next = 0, rounds = 0, roundCapacity = 1024;
    long long *perBeat = malloc(sizeof(long long) * roundCapacity);
    do {
        long long start = now_ns();
        for (int i = 0; i < 1000; i++) {
            long long id = ids[next];
            next = next + 1 == count ? 0 : next + 1;
            at += 1;
            run(begin, db, "begin");
            sqlite3_bind_int64(read, 1, id);
            if (sqlite3_step(read) != SQLITE_ROW || sqlite3_column_int64(read, 0) != 0) {
                fprintf(stderr, "heartbeat_floor: agent %lld is not live\n", id);
                return 1;
            }
            sqlite3_reset(read);
            sqlite3_bind_int64(update, 1, id);
            sqlite3_bind_int64(update, 2, at);
            sqlite3_bind_text(update, 3, "1.5.0", 5, SQLITE_STATIC);
            sqlite3_bind_text(update, 4, "", 0, SQLITE_STATIC);
            sqlite3_bind_text(update, 5, "", 0, SQLITE_STATIC);
            sqlite3_bind_text(update, 6, "", 0, SQLITE_STATIC);
            run(update, db, "update");
            if (sqlite3_changes(db) != 1) { fprintf(stderr, "heartbeat_floor: agent %lld not updated\n", id); return 1; }
            sqlite3_bind_int64(audit, 1, id);
            sqlite3_bind_text(audit, 2, "1.5.0", 5, SQLITE_STATIC);
            sqlite3_bind_int64(audit, 3, at);
            run(audit, db, "audit");
            run(commit, db, "commit");
        }
        if (rounds == roundCapacity) perBeat = realloc(perBeat, sizeof(long long) * (roundCapacity *= 2));
        perBeat[rounds++] = (now_ns() - start) / 1000;
    } while (now_ns() < deadline);
    qsort(perBeat, rounds, sizeof(long long), compare);
    printf("%lld\n", perBeat[rounds / 2]);
    check(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL), db, "final checkpoint");
    return 0;
}
