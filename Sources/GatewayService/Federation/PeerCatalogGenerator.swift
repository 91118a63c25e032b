/// Deterministic peer catalogues for the mock transport: what each peer gateway serves.
public enum PeerCatalogGenerator {
    /// `toolsPerGateway` tools for each gateway, named, described and schema'd like seeded tools.
    public static func catalogs(
        for gateways: [PeerGateway], toolsPerGateway: Int, seed: UInt64
    ) -> [Int64: [PeerTool]] {
        var catalogs: [Int64: [PeerTool]] = [:]
        for gateway in gateways {
            var random = SplitMix64(seed: seed, stream: "peer-catalog-\(gateway.id)")
            catalogs[gateway.id] = (1...max(toolsPerGateway, 1)).map { index in
                PeerTool(
                    originalName: TextGenerator.toolName(index: index, &random),
                    description: TextGenerator.description(&random), inputSchema: TextGenerator.inputSchema(&random))
            }
        }
        return catalogs
    }

    /// Each gateway's behaviour: its region's base latency (or none), failing with probability
    /// `failureRate`, drawn from `seed`.
    public static func behaviours<C: Clock>(
        for gateways: [PeerGateway], withLatency: Bool, failureRate: Double, seed: UInt64,
        clock: C.Type = ContinuousClock.self
    ) -> [Int64: MockPeerTransport<C>.Behaviour] {
        var random = SplitMix64(seed: seed, stream: "peer-behaviour")
        var behaviours: [Int64: MockPeerTransport<C>.Behaviour] = [:]
        for gateway in gateways {
            behaviours[gateway.id] = MockPeerTransport<C>.Behaviour(
                latency: withLatency ? gateway.baseLatency : .zero, fails: random.nextUnit() < failureRate)
        }
        return behaviours
    }
}
