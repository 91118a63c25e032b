/// A peer gateway whose catalogue is federated.
public struct PeerGateway: Sendable, Equatable, Hashable {
    public var id: Int64
    public var name: String
    /// `slugify(name)`: the prefix of its tools' names.
    public var slug: String
    public var region: PeerRegion
    /// The region's base round-trip latency.
    public var baseLatency: Duration
    /// Probability a request succeeds, 0.95–0.999 in seeded data.
    public var reliability: Double

    public init(id: Int64, name: String, region: PeerRegion, baseLatency: Duration, reliability: Double) {
        self.id = id
        self.name = name
        self.slug = slugify(name)
        self.region = region
        self.baseLatency = baseLatency
        self.reliability = reliability
    }

    /// The enabled peer gateways of a seeded database, by id.
    public static func all(in connection: SQLiteConnection) throws(SQLiteError) -> [PeerGateway] {
        let statement = try connection.prepare(
            "SELECT id, name, region, base_latency_ms, reliability FROM peer_gateways WHERE enabled = 1 ORDER BY id")
        defer { statement.reset() }
        var gateways: [PeerGateway] = []
        while try statement.step() {
            gateways.append(
                PeerGateway(
                    id: statement.int64(at: 0), name: statement.string(at: 1),
                    region: PeerRegion(rawValue: statement.string(at: 2)) ?? .usEast,
                    baseLatency: .milliseconds(statement.int64(at: 3)), reliability: statement.double(at: 4)))
        }
        return gateways
    }
}

/// Fetches a peer's catalogue: the seam between federation and the network.
public protocol PeerTransport: Sendable {
    /// The peer's `tools/list` JSON. Must honour task cancellation (the per-gateway timeout cancels it).
    func fetchCatalog(from gateway: PeerGateway) async throws -> [UInt8]
}
