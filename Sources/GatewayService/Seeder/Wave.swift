/// A deterministic data set size, from `tiny` (tests, CI) to `enterprise` (1M users, 5M teams).
///
/// The figures are the contract of docs/workloads.md §1.
public enum Wave: String, Sendable, Codable, CaseIterable {
    case tiny, small, medium, large, enterprise

    /// The row counts and limits of one wave.
    public struct Size: Sendable, Equatable {
        public let users: Int
        public let teams: Int
        public let tools: Int
        public let servers: Int
        public let peerGateways: Int
        public let agents: Int
        public let maxUsersPerTeam: Int
        /// Shared teams the power user (lowest user id) belongs to.
        public let powerUserTeams: Int
    }

    /// The sizes of this wave.
    public var size: Size {
        switch self {
        case .tiny:
            Size(users: 1_000, teams: 5_000, tools: 500, servers: 10, peerGateways: 10, agents: 500,
                 maxUsersPerTeam: 1_000, powerUserTeams: 100)
        case .small:
            Size(users: 10_000, teams: 50_000, tools: 500, servers: 100, peerGateways: 100, agents: 5_000,
                 maxUsersPerTeam: 10_000, powerUserTeams: 1_000)
        case .medium:
            Size(users: 100_000, teams: 500_000, tools: 2_500, servers: 1_000, peerGateways: 100, agents: 5_000,
                 maxUsersPerTeam: 100_000, powerUserTeams: 1_000)
        case .large:
            Size(users: 500_000, teams: 2_500_000, tools: 12_500, servers: 5_000, peerGateways: 100,
                 agents: 5_000, maxUsersPerTeam: 500_000, powerUserTeams: 1_000)
        case .enterprise:
            Size(users: 1_000_000, teams: 5_000_000, tools: 50_000, servers: 10_000, peerGateways: 100,
                 agents: 5_000, maxUsersPerTeam: 1_000_000, powerUserTeams: 1_000)
        }
    }
}
