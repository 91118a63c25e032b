#if HTTPFederation
import GatewayService
import Testing

@testable import GatewayHTTP

/// Federation over real HTTP on loopback: the same answers, failures and timeouts as the mock.
struct HTTPFederationTests {
    static let gateways = (1...12).map {
        PeerGateway(id: Int64($0), name: "Peer \($0)", region: .usEast, baseLatency: .zero, reliability: 1)
    }

    @Test func catalogsArriveAndFailuresAreReportedNotThrown() async throws {
        let catalogs = PeerCatalogGenerator.catalogs(for: Self.gateways, toolsPerGateway: 40, seed: 7)
        var behaviours: [Int64: MockPeerTransport<ContinuousClock>.Behaviour] = [:]
        behaviours[3] = .init(fails: true)
        behaviours[5] = .init(hangs: true)
        behaviours[8] = .init(latency: .milliseconds(50))
        let payloads = catalogs.mapValues { CatalogPayload.render($0) }.merging([9: Array("not json".utf8)]) { $1 }
        let server = try await PeerCatalogServer.start(payloads: payloads, behaviours: behaviours)
        let transport = HTTPPeerTransport(baseURL: "http://127.0.0.1:\(server.port)", connectionsPerHost: 4)
        let service = FederationService(transport: transport, parallelism: 4, timeout: .milliseconds(800))
        let catalog = await service.aggregate(Self.gateways)
        try await transport.shutdown()
        await server.stop()

        let failures = Dictionary(uniqueKeysWithValues: catalog.failures.map { ($0.gatewayID, $0.reason) })
        #expect(Set(failures.keys) == [3, 5, 9])
        #expect(failures[3] == .transport("peer answered HTTP 503"))
        #expect(failures[5] == .timeout(.milliseconds(800)))
        if case .malformed = failures[9] {} else { Issue.record("gateway 9's bad JSON was \(String(describing: failures[9]))") }
        #expect(catalog.tools.count == 9 * 40)
        let mock = await FederationService(
            transport: MockPeerTransport(payloads: payloads, behaviours: behaviours), parallelism: 4, timeout: .milliseconds(800)
        ).aggregate(Self.gateways)
        #expect(catalog.tools == mock.tools, "HTTP and the mock transport give the same catalogue")
    }

    @Test func aStoppedServerIsATransportFailure() async throws {
        let server = try await PeerCatalogServer.start(payloads: [:], behaviours: [:])
        let port = server.port
        await server.stop()
        let transport = HTTPPeerTransport(baseURL: "http://127.0.0.1:\(port)", connectionsPerHost: 2)
        let catalog = await FederationService(transport: transport, parallelism: 2, timeout: .seconds(5)).aggregate(
            Array(Self.gateways.prefix(2)))
        try await transport.shutdown()
        #expect(catalog.failures.count == 2 && catalog.tools.isEmpty)
    }
}
#endif
