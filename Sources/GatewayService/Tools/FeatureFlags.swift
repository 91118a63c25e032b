/// Named on/off flags with a count of their toggles: a toggle reads the flag and writes it back
/// flipped, in one `BEGIN IMMEDIATE` transaction, so concurrent toggles never lose an update
/// (the load's race check counts them).
public final class FeatureFlags: @unchecked Sendable {
    // @unchecked Sendable: one connection, used by one thread at a time.
    private let connection: SQLiteConnection

    /// Creates the flag table when missing (it is not part of the seeded waves).
    public static func prepareSchema(on connection: SQLiteConnection) throws(SQLiteError) {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS feature_flags (name TEXT PRIMARY KEY, enabled INTEGER NOT NULL, toggles INTEGER NOT NULL);")
    }

    public init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Sets `name` off with no toggles.
    public func reset(_ name: String) throws(SQLiteError) {
        let statement = try connection.prepare("INSERT OR REPLACE INTO feature_flags (name, enabled, toggles) VALUES (?, 0, 0)")
        statement.bind(name, at: 1)
        try statement.run()
    }

    /// Flips `name`; false when there is no such flag.
    public func toggle(_ name: String) throws -> Bool {
        try connection.transaction { () throws -> Bool in
            guard let state = try self.state(name) else { return false }
            let write = try connection.prepare("UPDATE feature_flags SET enabled = ?, toggles = ? WHERE name = ?")
            write.bind(state.enabled ? 0 : 1, at: 1)
            write.bind(state.toggles + 1, at: 2)
            write.bind(name, at: 3)
            try write.run()
            return true
        }
    }

    /// The flag's value and how many times it was toggled.
    public func state(_ name: String) throws(SQLiteError) -> (enabled: Bool, toggles: Int)? {
        let read = try connection.prepare("SELECT enabled, toggles FROM feature_flags WHERE name = ?")
        read.bind(name, at: 1)
        defer { read.reset() }
        guard try read.step() else { return nil }
        return (read.int64(at: 0) != 0, Int(read.int64(at: 1)))
    }
}
