import GateBench
import GatewayService

/// The peers of the wave, the JSON each serves (500 tools), and the federation service over them.
struct FederationFixture: Sendable {
    static let toolsPerGateway = 500

    let gateways: [PeerGateway]
    let service: FederationService<MockPeerTransport<ContinuousClock>>
    let failing: Set<Int64>
    /// The fastest wall time this latency schedule allows at this parallelism, launching in order.
    let lowerBound: Duration

    init(_ data: SeededData, withLatency: Bool, failureRate: Double) throws {
        gateways = try PeerGateway.all(in: data.reader())
        let payloads = PeerCatalogGenerator.catalogs(
            for: gateways, toolsPerGateway: Self.toolsPerGateway, seed: data.options.seed
        ).mapValues { CatalogPayload.render($0) }
        let behaviours = PeerCatalogGenerator.behaviours(
            for: gateways, withLatency: withLatency, failureRate: failureRate, seed: data.options.seed)
        failing = Set(behaviours.filter(\.value.fails).map(\.key))
        service = FederationService(transport: MockPeerTransport(payloads: payloads, behaviours: behaviours))
        lowerBound = Self.scheduleBound(gateways.map { behaviours[$0.id]?.latency ?? .zero }, slots: service.parallelism)
    }

    /// List scheduling in launch order: each gateway starts when the earliest slot frees.
    static func scheduleBound(_ latencies: [Duration], slots: Int) -> Duration {
        var finishes = [Duration](repeating: .zero, count: slots)
        for latency in latencies {
            let slot = finishes.indices.min { finishes[$0] < finishes[$1] } ?? 0
            finishes[slot] += latency
        }
        return finishes.max() ?? .zero
    }

    /// Fails unless exactly the injected failures failed and every other peer's 500 tools arrived.
    func checkAggregate() async throws -> AggregatedCatalog {
        let catalog = await service.aggregate(gateways)
        try check(Set(catalog.failures.map(\.gatewayID)) == failing,
                  "failed gateways \(catalog.failures.map(\.gatewayID)) instead of \(failing.sorted())")
        let expected = (gateways.count - failing.count) * Self.toolsPerGateway
        try check(catalog.tools.count == expected, "\(catalog.tools.count) tools aggregated instead of \(expected)")
        try check(Set(catalog.tools.map(\.name)).count == catalog.tools.count, "aggregated names collide")
        return catalog
    }
}

extension Suite {
    /// The `federation` group of docs/workloads.md.
    mutating func addFederation(_ data: SeededData) {
        let params = data.options.params
        add(
            Benchmark(
                "federation", "aggregate_100_gateways", params: params,
                setup: { () -> FederationFixture in
                    let fixture = try FederationFixture(data, withLatency: false, failureRate: 0)
                    _ = try await fixture.checkAggregate()
                    return fixture
                },
                teardown: { fixture in
                    ["gateways": .count(fixture.gateways.count),
                     "tools": .count(fixture.gateways.count * FederationFixture.toolsPerGateway)]
                },
                asyncBody: { fixture in blackHole(await fixture.service.aggregate(fixture.gateways)) }))
        add(
            Benchmark(
                "federation", "aggregate_100_gateways_latency", params: params,
                setup: { () -> FederationFixture in
                    let fixture = try FederationFixture(data, withLatency: true, failureRate: 0.05)
                    _ = try await fixture.checkAggregate()
                    return fixture
                },
                teardown: { fixture in
                    ["gateways": .count(fixture.gateways.count), "failed_gateways": .count(fixture.failing.count),
                     "parallelism": .count(fixture.service.parallelism),
                     "lower_bound_seconds": .number(fixture.lowerBound.inSeconds)]
                },
                asyncBody: { fixture in blackHole(await fixture.service.aggregate(fixture.gateways)) }))
        add(
            DerivedFigure(
                group: "federation", name: "latency_wall_over_bound",
                definition: "aggregate_100_gateways_latency median / its schedule's lower bound", style: .ratio
            ) { records in
                guard let record = records["aggregate_100_gateways_latency"],
                    let bound = record.extraNumber("lower_bound_seconds"), bound > 0
                else { return nil }
                return record.stats.median / bound
            })
        add(
            Benchmark(
                "federation", "refresh_peer_catalog", params: params,
                setup: { try PeerRefresh(data) },
                teardown: { ["tools_per_refresh": .count($0.versions[0].count), "refreshes": .count($0.refreshes)] },
                body: { refresh in try refresh.run() }))
    }
}

/// `refresh_peer_catalog`: one peer's ~500 tools stored alternately in two versions, so every refresh
/// updates 450 tools, inserts 50 and deletes 50.
final class PeerRefresh: @unchecked Sendable {
    // @unchecked Sendable: used by one benchmark body at a time.
    let scratch: ScratchDatabase
    let tools: ToolService
    let gatewayID: Int64
    let versions: [[PeerTool]]
    private(set) var refreshes = 0

    init(_ data: SeededData) throws {
        scratch = try data.scratchCopy()
        tools = try ToolService(connection: scratch.connection)
        let gateway = try PeerGateway.all(in: scratch.connection)[0]
        gatewayID = gateway.id
        let base = PeerCatalogGenerator.catalogs(for: [gateway], toolsPerGateway: 550, seed: data.options.seed)[gateway.id]!
        versions = [
            Array(base.prefix(500)),
            base.dropFirst(50).map { PeerTool(originalName: $0.originalName, description: $0.description + " (v2)", inputSchema: $0.inputSchema) },
        ]
        _ = try refresh()
        let first = try refresh()
        try check(first == CatalogRefresh(inserted: 50, updated: 450, deleted: 50), "refresh changed \(first)")
    }

    private func refresh() throws -> CatalogRefresh {
        refreshes += 1
        return try tools.refreshCatalog(
            gatewayID: gatewayID, tools: versions[refreshes % 2], ownerEmail: UserEmail.of(1), at: SeedPlan.referenceMilliseconds + Int64(refreshes))
    }

    func run() throws {
        let result = try refresh()
        try check(result.inserted + result.updated == 500, "refresh stored \(result)")
    }
}
