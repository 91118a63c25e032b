import Synchronization
import Testing

@testable import GatewayService

struct FederationServiceTests {
    let gateways = (1...6).map {
        PeerGateway(id: Int64($0), name: "Peer \($0)", region: .euWest, baseLatency: .milliseconds(5), reliability: 0.99)
    }

    func payloads(toolsPerGateway: Int = 20) -> [Int64: [UInt8]] {
        PeerCatalogGenerator.catalogs(for: gateways, toolsPerGateway: toolsPerGateway, seed: 3)
            .mapValues { CatalogPayload.render($0) }
    }

    @Test func mergesEveryPeerWithPrefixedNames() async {
        let service = FederationService(transport: MockPeerTransport(payloads: payloads()))
        let catalog = await service.aggregate(gateways)
        #expect(catalog.failures.isEmpty)
        #expect(catalog.tools.count == 6 * 20)
        #expect(Set(catalog.tools.map(\.name)).count == 6 * 20, "names never collide across peers")
        #expect(catalog.tools.allSatisfy { $0.name == "peer-\($0.gatewayID)-" + slugify($0.originalName) })
        #expect(catalog.tools.map(\.gatewayID) == catalog.tools.map(\.gatewayID).sorted(), "gateway order")
    }

    @Test func failingSlowAndHangingPeersAreReportedNotFatal() async {
        let behaviours: [Int64: MockPeerTransport<ContinuousClock>.Behaviour] = [
            2: .init(fails: true), 3: .init(hangs: true), 4: .init(latency: .milliseconds(10)),
        ]
        var payloads = payloads()
        payloads[5] = Array("not json".utf8)
        let service = FederationService(
            transport: MockPeerTransport(payloads: payloads, behaviours: behaviours), timeout: .milliseconds(200))
        let catalog = await service.aggregate(gateways)
        #expect(catalog.failures.map(\.gatewayID) == [2, 3, 5])
        #expect(catalog.failures[1].reason == .timeout(.milliseconds(200)))
        if case .malformed = catalog.failures[2].reason {} else { Issue.record("peer 5 should be malformed") }
        #expect(catalog.tools.count == 3 * 20, "peers 1, 4 and 6 contribute")
    }

    @Test func duplicateNamesInOnePeerKeepTheLast() async throws {
        let first = PeerTool(originalName: "dup", description: "first", inputSchema: "{}")
        let last = PeerTool(originalName: "dup", description: "last", inputSchema: "{}")
        let other = PeerTool(originalName: "other", description: "", inputSchema: "{}")
        let service = FederationService(
            transport: MockPeerTransport(payloads: [1: CatalogPayload.render([first, other, last])]))
        let catalog = await service.aggregate([gateways[0]])
        #expect(catalog.duplicatesDropped == 1)
        #expect(catalog.tools.map(\.description) == ["last", ""])
    }

    @Test func neverMoreFetchesInFlightThanTheLimit() async {
        let transport = CountingTransport(inner: MockPeerTransport(
            payloads: payloads(), behaviours: Dictionary(uniqueKeysWithValues: gateways.map { ($0.id, .init(latency: .milliseconds(5))) })))
        let service = FederationService(transport: transport, parallelism: 2)
        let catalog = await service.aggregate(gateways)
        #expect(catalog.failures.isEmpty)
        #expect(transport.maximum == 2)
    }
}

/// Wraps a transport and records the most fetches in flight at once.
final class CountingTransport: PeerTransport {
    let inner: MockPeerTransport<ContinuousClock>
    private let counts = Mutex((current: 0, maximum: 0))

    init(inner: MockPeerTransport<ContinuousClock>) {
        self.inner = inner
    }

    var maximum: Int { counts.withLock { $0.maximum } }

    func fetchCatalog(from gateway: PeerGateway) async throws -> [UInt8] {
        counts.withLock {
            $0.current += 1
            $0.maximum = max($0.maximum, $0.current)
        }
        defer { counts.withLock { $0.current -= 1 } }
        return try await inner.fetchCatalog(from: gateway)
    }
}
