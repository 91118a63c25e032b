/// Where a peer gateway runs, with its base round-trip latency.
public enum PeerRegion: String, Sendable, CaseIterable, Codable {
    case usEast = "us-east", usWest = "us-west", euCentral = "eu-central", euWest = "eu-west"
    case apSouth = "ap-south", apEast = "ap-east"

    /// Base latency in milliseconds (docs/workloads.md: us-east 75, eu-central 150, the others in that range).
    public var baseLatencyMilliseconds: Int {
        switch self {
        case .usEast: 75
        case .usWest: 95
        case .euCentral: 150
        case .euWest: 130
        case .apSouth: 145
        case .apEast: 120
        }
    }
}
