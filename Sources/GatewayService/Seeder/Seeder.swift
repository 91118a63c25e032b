/// Writes a seeded database: every table of the schema, generated from a `SeedPlan`.
///
/// The load runs in one transaction with the journal off, rows in key order, indexes built
/// afterwards; the caller (`DataStore`) writes to a temporary file and renames it into place.
public struct Seeder {
    /// A phase of the load and how far it got, for a progress display.
    public struct Progress: Sendable {
        public let phase: String
        public let fraction: Double

        public init(phase: String, fraction: Double) {
            self.phase = phase
            self.fraction = fraction
        }
    }

    public let plan: SeedPlan
    private let progress: (Progress) -> Void

    public init(plan: SeedPlan, progress: @escaping (Progress) -> Void = { _ in }) {
        self.plan = plan
        self.progress = progress
    }

    /// Creates the database at `path` (which must not exist) and returns its manifest.
    public func write(to path: String) throws -> Manifest {
        let connection = try SQLiteConnection(path: path, create: true)
        try connection.execute(
            """
            PRAGMA page_size = 8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -1048576;
            """)
        try connection.execute(Schema.tables)
        let manifest = try connection.transaction {
            var load = SeedLoad(plan: plan, connection: connection, progress: progress)
            try load.users()
            try load.memberships()
            try load.teams()
            try load.peerGateways()
            try load.tools()
            try load.servers()
            try load.agents()
            progress(Progress(phase: "indexes", fraction: 0))
            try connection.execute(Schema.indexes)
            let manifest = try load.manifest()
            let insert = try connection.prepare("INSERT INTO gatebench_manifest (key, value) VALUES (?, ?)")
            for (key, value) in manifest.rows {
                insert.bind(key, at: 1)
                insert.bind(value, at: 2)
                try insert.run()
            }
            return manifest
        }
        try connection.execute("PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = DELETE;")
        return manifest
    }
}
