/// The database schema: a public interface, documented in docs/workloads.md.
///
/// Bump `version` on any change: seeded files of another version are rebuilt, never trusted.
public enum Schema {
    /// The schema version recorded in every seeded file's manifest.
    public static let version = 4

    /// Tables, created before the bulk load.
    public static let tables = """
        CREATE TABLE users (
            id          INTEGER PRIMARY KEY,
            email       TEXT NOT NULL,
            full_name   TEXT NOT NULL,
            is_admin    INTEGER NOT NULL DEFAULT 0,
            created_at  INTEGER NOT NULL
        );
        CREATE TABLE teams (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            is_personal INTEGER NOT NULL,
            owner_email TEXT NOT NULL,
            created_at  INTEGER NOT NULL
        );
        CREATE TABLE team_members (
            user_email  TEXT NOT NULL,
            team_id     INTEGER NOT NULL,
            role        TEXT NOT NULL CHECK (role IN ('owner', 'member')),
            is_active   INTEGER NOT NULL DEFAULT 1,
            joined_at   INTEGER NOT NULL,
            PRIMARY KEY (user_email, team_id)
        ) WITHOUT ROWID;
        CREATE TABLE peer_gateways (
            id              INTEGER PRIMARY KEY,
            name            TEXT NOT NULL,
            slug            TEXT NOT NULL,
            url             TEXT NOT NULL,
            region          TEXT NOT NULL,
            base_latency_ms INTEGER NOT NULL,
            reliability     REAL NOT NULL,
            enabled         INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE servers (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            owner_email TEXT NOT NULL,
            team_id     INTEGER,
            visibility  TEXT NOT NULL CHECK (visibility IN ('private', 'team', 'public')),
            enabled     INTEGER NOT NULL,
            created_at  INTEGER NOT NULL
        );
        CREATE TABLE tools (
            id            INTEGER PRIMARY KEY,
            gateway_id    INTEGER NOT NULL,
            original_name TEXT NOT NULL,
            name          TEXT NOT NULL,
            description   TEXT NOT NULL,
            input_schema  TEXT NOT NULL,
            owner_email   TEXT NOT NULL,
            team_id       INTEGER,
            visibility    TEXT NOT NULL CHECK (visibility IN ('private', 'team', 'public')),
            enabled       INTEGER NOT NULL,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL
        );
        CREATE TABLE agents (
            id                INTEGER PRIMARY KEY,
            name              TEXT NOT NULL,
            status            TEXT NOT NULL CHECK (status IN ('online', 'offline', 'retired')),
            last_heartbeat_at INTEGER NOT NULL,
            version           TEXT NOT NULL,
            hostname          TEXT NOT NULL,
            os                TEXT NOT NULL,
            architecture      TEXT NOT NULL,
            registered_at     INTEGER NOT NULL,
            retired_at        INTEGER
        );
        CREATE TABLE audit_events (
            id         INTEGER PRIMARY KEY,
            agent_id   INTEGER NOT NULL,
            action     TEXT NOT NULL,
            details    TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE gatebench_manifest (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    /// Indexes, created after the bulk load (one sort each instead of millions of random inserts).
    /// Each is justified by the query plan it gives, in docs/workloads.md.
    public static let indexes = """
        CREATE UNIQUE INDEX users_email ON users (email);
        CREATE INDEX team_members_team ON team_members (team_id, role DESC);
        CREATE INDEX tools_listing ON tools (enabled, created_at DESC, id DESC, visibility, team_id, owner_email);
        CREATE UNIQUE INDEX tools_gateway_original ON tools (gateway_id, original_name);
        CREATE UNIQUE INDEX tools_name ON tools (name);
        CREATE INDEX tools_owner ON tools (owner_email);
        CREATE INDEX tools_public ON tools (created_at DESC, id DESC) WHERE visibility = 'public' AND enabled = 1;
        CREATE INDEX tools_team ON tools (team_id, visibility, enabled);
        CREATE INDEX agents_last_heartbeat ON agents (last_heartbeat_at);
        ANALYZE;
        """
}
