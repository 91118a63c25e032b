import GateBench
import GatewayService

#if HTTPFederation
import GatewayHTTP
#endif

/// The peers of the wave, the JSON each serves (500 tools), and the federation service over them:
/// on the in-process mock transport, or (`--transport http`) fetched over HTTP from real servers.
struct FederationFixture: Sendable {
    static let toolsPerGateway = 500

    let gateways: [PeerGateway]
    let parallelism: Int
    let failing: Set<Int64>
    /// The fastest wall time this latency schedule allows at this parallelism, launching in order.
    let lowerBound: Duration
    /// The federation service's `aggregate` over the chosen transport.
    let aggregate: @Sendable ([PeerGateway]) async -> AggregatedCatalog
    /// Stops the HTTP servers and client (nothing for the mock).
    let close: @Sendable () async -> Void
    /// Each round's aggregates, freed after the round.
    let retired = RetiredResults<AggregatedCatalog>()

    init(_ data: SeededData, withLatency: Bool, failureRate: Double) async throws {
        gateways = try PeerGateway.all(in: data.reader())
        let payloads = PeerCatalogGenerator.catalogs(
            for: gateways, toolsPerGateway: Self.toolsPerGateway, seed: data.options.seed
        ).mapValues { CatalogPayload.render($0) }
        let behaviours = PeerCatalogGenerator.behaviours(
            for: gateways, withLatency: withLatency, failureRate: failureRate, seed: data.options.seed)
        failing = Set(behaviours.filter(\.value.fails).map(\.key))
        parallelism = 20
        switch data.options.federationTransport {
        case .mock:
            let service = FederationService(transport: MockPeerTransport(payloads: payloads, behaviours: behaviours), parallelism: parallelism)
            aggregate = { await service.aggregate($0) }
            close = {}
        case .http:
            #if HTTPFederation
            let server = try await PeerCatalogServer.start(payloads: payloads, behaviours: behaviours)
            let transport = HTTPPeerTransport(baseURL: "http://127.0.0.1:\(server.port)", connectionsPerHost: parallelism)
            let service = FederationService(transport: transport, parallelism: parallelism)
            aggregate = { await service.aggregate($0) }
            close = {
                try? await transport.shutdown()
                await server.stop()
            }
            #else
            throw WrongAnswer("this bench was built without HTTP federation (swift build -c release --traits HTTPFederation)")
            #endif
        }
        lowerBound = Self.scheduleBound(gateways.map { behaviours[$0.id]?.latency ?? .zero }, slots: parallelism)
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
        let catalog = await aggregate(gateways)
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
        let fetched = params.merging(data.options.federationTransport == .http ? ["transport": "http"] : [:]) { $1 }
        add(
            Benchmark(
                "federation", "aggregate_100_gateways", params: fetched,
                setup: { () -> FederationFixture in
                    let fixture = try await FederationFixture(data, withLatency: false, failureRate: 0)
                    _ = try await fixture.checkAggregate()
                    return fixture
                },
                afterRound: { $0.retired.free() },
                teardown: { fixture in
                    await fixture.close()
                    return ["gateways": .count(fixture.gateways.count),
                            "tools": .count(fixture.gateways.count * FederationFixture.toolsPerGateway),
                            "free_previous_result_seconds": .number(fixture.retired.medianFreeSeconds ?? 0)]
                },
                asyncBody: { fixture in fixture.retired.keep(await fixture.aggregate(fixture.gateways)) }))
        add(
            Benchmark(
                "federation", "aggregate_100_gateways_latency", params: fetched,
                setup: { () -> FederationFixture in
                    let fixture = try await FederationFixture(data, withLatency: true, failureRate: 0.05)
                    _ = try await fixture.checkAggregate()
                    return fixture
                },
                afterRound: { $0.retired.free() },
                teardown: { fixture in
                    await fixture.close()
                    return ["gateways": .count(fixture.gateways.count), "failed_gateways": .count(fixture.failing.count),
                            "free_previous_result_seconds": .number(fixture.retired.medianFreeSeconds ?? 0),
                            "parallelism": .count(fixture.parallelism),
                            "lower_bound_seconds": .number(fixture.lowerBound.inSeconds)]
                },
                asyncBody: { fixture in fixture.retired.keep(await fixture.aggregate(fixture.gateways)) }))
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
        addPeerRefresh(data)
    }

    /// The `federation` benchmark that writes to the database (and so runs on every backend).
    mutating func addPeerRefresh(_ data: SeededData) {
        add(
            Benchmark(
                "federation", "refresh_peer_catalog", params: data.options.params,
                setup: { try PeerRefresh(data) },
                teardown: { ["tools_per_refresh": .count($0.versions[0].count), "refreshes": .count($0.refreshes)] },
                body: { refresh in try refresh.run() }))
    }
}

/// `refresh_peer_catalog`: one peer's ~500 tools stored alternately in two versions, so every refresh
/// updates 450 tools, inserts 50 and deletes 50.
final class PeerRefresh: @unchecked Sendable {
    // @unchecked Sendable: used by one benchmark body at a time.
    let tools: ScratchToolService
    let gatewayID: Int64
    let versions: [[PeerTool]]
    private(set) var refreshes = 0

    init(_ data: SeededData) throws {
        tools = try ScratchToolService(data)
        let gateway = try PeerGateway.all(in: data.reader())[0]
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
        return try tools.service.refreshCatalog(
            gatewayID: gatewayID, tools: versions[refreshes % 2], ownerEmail: UserEmail.of(1), at: SeedPlan.referenceMilliseconds + Int64(refreshes))
    }

    func run() throws {
        let result = try refresh()
        try check(result.inserted + result.updated == 500, "refresh stored \(result)")
    }
}
