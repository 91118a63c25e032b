/// What to seed: the sizes (a wave's or custom ones, for tests) and the seed.
public struct SeedPlan: Sendable, Equatable {
    /// Row counts and limits.
    public let size: Wave.Size
    /// The generator's seed; same plan, same rows.
    public let seed: UInt64
    /// The wave's name, or `custom`.
    public let label: String

    /// The plan of a standard wave.
    public init(wave: Wave, seed: UInt64) {
        self.init(size: wave.size, seed: seed, label: wave.rawValue)
    }

    /// A plan with custom sizes, for tests on small random databases.
    public init(size: Wave.Size, seed: UInt64, label: String = "custom") {
        precondition(size.teams > size.users, "a plan needs shared teams besides the personal ones")
        precondition(size.users >= 2 && size.tools >= 1 && size.peerGateways >= 1 && size.agents >= 1)
        self.size = size
        self.seed = seed
        self.label = label
    }

    /// A fixed point in time (2026-01-01T00:00:00Z, in ms) that every generated timestamp counts back from.
    public static let referenceMilliseconds: Int64 = 1_767_225_600_000
}

extension Wave.Size {
    /// Custom sizes for tests; the power user's team count is capped by the shared teams.
    public static func custom(
        users: Int, teams: Int, tools: Int, servers: Int = 5, peerGateways: Int = 3, agents: Int = 20,
        maxUsersPerTeam: Int? = nil, powerUserTeams: Int = 10
    ) -> Wave.Size {
        Wave.Size(
            users: users, teams: teams, tools: tools, servers: servers, peerGateways: peerGateways, agents: agents,
            maxUsersPerTeam: maxUsersPerTeam ?? users, powerUserTeams: min(powerUserTeams, teams - users))
    }
}
