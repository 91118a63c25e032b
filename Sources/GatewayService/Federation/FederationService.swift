/// A tool in the federated catalogue: named `slug(gateway) + "-" + slug(original name)`, so peers never collide.
public struct FederatedTool: Sendable, Equatable {
    public var gatewayID: Int64
    public var name: String
    public var originalName: String
    public var description: String
    public var inputSchema: String
}

/// A peer that could not contribute to the catalogue, and why.
public struct GatewayFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case timeout(Duration)
        case transport(String)
        case malformed(String)
    }

    public var gatewayID: Int64
    public var gatewayName: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .timeout(let limit): "\(gatewayName): no answer within \(limit)"
        case .transport(let message): "\(gatewayName): \(message)"
        case .malformed(let message): "\(gatewayName): \(message)"
        }
    }
}

/// The merged catalogues of the peers that answered, and the peers that did not.
public struct AggregatedCatalog: Sendable {
    /// Tools by gateway (in the order the gateways were given), each gateway's in payload order.
    public var tools: [FederatedTool]
    /// Peers that failed, timed out or sent malformed JSON, by gateway id.
    public var failures: [GatewayFailure]
    /// Tools dropped because their peer listed the same original name again (the last one is kept).
    public var duplicatesDropped: Int
}

/// Aggregates peer catalogues: concurrent fetches under a parallelism limit and a per-gateway
/// timeout, decoding in the fetching task (so decoding runs on every core), merge in gateway order.
public struct FederationService<Transport: PeerTransport>: Sendable {
    public let transport: Transport
    /// Most fetches in flight at once (the real gateway's default: 20).
    public let parallelism: Int
    /// How long one gateway may take (default 30 s).
    public let timeout: Duration

    public init(transport: Transport, parallelism: Int = 20, timeout: Duration = .seconds(30)) {
        precondition(parallelism >= 1, "parallelism must be at least 1")
        self.transport = transport
        self.parallelism = parallelism
        self.timeout = timeout
    }

    /// The merged catalogue of `gateways`; failures are reported, never thrown.
    public func aggregate(_ gateways: [PeerGateway]) async -> AggregatedCatalog {
        var results = [Result<GatewayCatalog, GatewayFailure>?](repeating: nil, count: gateways.count)
        await withTaskGroup(of: (Int, Result<GatewayCatalog, GatewayFailure>).self) { group in
            var next = 0
            func launch() {
                let index = next
                let gateway = gateways[index]
                next += 1
                group.addTask { (index, await fetch(gateway)) }
            }
            while next < min(parallelism, gateways.count) { launch() }
            for await (index, result) in group {
                results[index] = result
                if next < gateways.count { launch() }
            }
        }
        var catalog = AggregatedCatalog(tools: [], failures: [], duplicatesDropped: 0)
        catalog.tools.reserveCapacity(results.reduce(0) { $0 + ((try? $1?.get())?.tools.count ?? 0) })
        for result in results {
            switch result {
            case .success(let gateway):
                catalog.tools += gateway.tools
                catalog.duplicatesDropped += gateway.duplicatesDropped
            case .failure(let failure): catalog.failures.append(failure)
            case nil: break
            }
        }
        return catalog
    }

    /// One gateway's tools, or why not: the fetch races the timeout; the loser is cancelled.
    private func fetch(_ gateway: PeerGateway) async -> Result<GatewayCatalog, GatewayFailure> {
        let timeout = self.timeout
        let transport = self.transport
        let outcome = await withTaskGroup(of: Result<[UInt8], GatewayFailure>?.self) { race in
            race.addTask {
                do {
                    return .success(try await transport.fetchCatalog(from: gateway))
                } catch {
                    return Task.isCancelled ? nil : .failure(GatewayFailure(gateway, .transport(String(describing: error))))
                }
            }
            race.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .failure(GatewayFailure(gateway, .timeout(timeout)))
                } catch {
                    return nil
                }
            }
            defer { race.cancelAll() }
            while let first = await race.next() {
                if let first { return first }
            }
            return .failure(GatewayFailure(gateway, .timeout(timeout)))
        }
        switch outcome {
        case .failure(let failure): return .failure(failure)
        case .success(let bytes):
            do {
                return .success(GatewayCatalog(gateway: gateway, tools: try CatalogPayload.decode(bytes)))
            } catch {
                return .failure(GatewayFailure(gateway, .malformed(String(describing: error))))
            }
        }
    }
}

extension GatewayFailure {
    init(_ gateway: PeerGateway, _ reason: Reason) {
        self.init(gatewayID: gateway.id, gatewayName: gateway.name, reason: reason)
    }
}

/// One peer's tools after the gateway's naming rule and de-duplication by original name (last wins).
struct GatewayCatalog: Sendable {
    var tools: [FederatedTool] = []
    var duplicatesDropped = 0

    init(gateway: PeerGateway, tools peerTools: [PeerTool]) {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(peerTools.count)
        tools.reserveCapacity(peerTools.count)
        for tool in peerTools {
            let federated = FederatedTool(
                gatewayID: gateway.id, name: toolName(gatewaySlug: gateway.slug, originalName: tool.originalName),
                originalName: tool.originalName, description: tool.description, inputSchema: tool.inputSchema)
            if let position = positions[tool.originalName] {
                tools[position] = federated
                duplicatesDropped += 1
            } else {
                positions[tool.originalName] = tools.count
                tools.append(federated)
            }
        }
    }
}
