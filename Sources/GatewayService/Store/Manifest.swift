/// What a seeded file holds, stored in its `gatebench_manifest` table and checked before reuse.
public struct Manifest: Sendable, Equatable {
    public var label: String
    public var seed: UInt64
    public var schemaVersion: Int
    /// Rows per table, as written.
    public var rowCounts: [String: Int]
    /// The user with the lowest id, member of the wave's `powerUserTeams` shared teams.
    public var powerUserEmail: String
    /// A user in exactly one shared team.
    public var singleTeamUserEmail: String
    /// The shared team with the most members.
    public var largestTeamID: Int64

    /// The tables whose counts are recorded and verified.
    public static let countedTables = [
        "users", "teams", "team_members", "peer_gateways", "servers", "tools", "agents",
    ]

    /// Key/value rows for the manifest table.
    public var rows: [(String, String)] {
        [
            ("label", label), ("seed", String(seed)), ("schema_version", String(schemaVersion)),
            ("power_user_email", powerUserEmail), ("single_team_user_email", singleTeamUserEmail),
            ("largest_team_id", String(largestTeamID)),
        ] + rowCounts.sorted { $0.key < $1.key }.map { ("rows.\($0.key)", String($0.value)) }
    }

    /// Reads the manifest of an open database; nil when the table or a key is missing or malformed.
    static func read(from connection: SQLiteConnection) -> Manifest? {
        guard let statement = try? connection.prepare("SELECT key, value FROM gatebench_manifest") else { return nil }
        var values: [String: String] = [:]
        do {
            while try statement.step() { values[statement.string(at: 0)] = statement.string(at: 1) }
        } catch {
            return nil
        }
        return Manifest(rows: values)
    }
}

extension Manifest {
    /// The manifest of the key/value rows of a manifest table; nil when a key is missing or malformed.
    public init?(rows values: [String: String]) {
        var counts: [String: Int] = [:]
        for table in Self.countedTables {
            guard let count = values["rows.\(table)"].flatMap({ Int($0) }) else { return nil }
            counts[table] = count
        }
        guard let label = values["label"], let seed = values["seed"].flatMap({ UInt64($0) }),
            let version = values["schema_version"].flatMap({ Int($0) }),
            let power = values["power_user_email"], let single = values["single_team_user_email"],
            let largest = values["largest_team_id"].flatMap({ Int64($0) })
        else { return nil }
        self.init(
            label: label, seed: seed, schemaVersion: version, rowCounts: counts, powerUserEmail: power,
            singleTeamUserEmail: single, largestTeamID: largest)
    }
}
