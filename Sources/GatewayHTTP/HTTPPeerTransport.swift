#if HTTPFederation
import AsyncHTTPClient
import GatewayService
import NIOCore

/// Fetches peer catalogues over HTTP with AsyncHTTPClient: keep-alive connections, at most
/// `connectionsPerHost` to a host (as many as the federation's parallelism, so the pool never
/// queues what the service launched), a body limit, and the service's timeout by cancellation.
public final class HTTPPeerTransport: PeerTransport {
    private let client: HTTPClient
    private let baseURL: String
    /// The largest catalogue accepted.
    public let maximumBodyBytes: Int

    /// - Parameter baseURL: `http://127.0.0.1:PORT`; a gateway's catalogue is at `/peers/{id}/tools`.
    public init(baseURL: String, connectionsPerHost: Int, maximumBodyBytes: Int = 64 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.baseURL = baseURL
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// A peer that answered with something other than 200.
    public struct UnexpectedStatus: Error, CustomStringConvertible, Sendable {
        public let status: UInt
        public var description: String { "peer answered HTTP \(status)" }
    }

    public func fetchCatalog(from gateway: PeerGateway) async throws -> [UInt8] {
        let request = HTTPClientRequest(url: "\(baseURL)/peers/\(gateway.id)/tools")
        // The federation service's own timeout cancels this task; this deadline only bounds a lost connection.
        let response = try await client.execute(request, timeout: .seconds(3_600))
        guard response.status == .ok else { throw UnexpectedStatus(status: response.status.code) }
        var body = try await response.body.collect(upTo: maximumBodyBytes)
        return body.readBytes(length: body.readableBytes) ?? []
    }

    /// Closes the connections; call before the last reference goes.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}
#endif
