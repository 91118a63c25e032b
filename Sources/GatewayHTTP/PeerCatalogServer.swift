#if HTTPFederation
import GatewayService
import Hummingbird
import Logging
import NIOCore

/// Every peer's catalogue served over HTTP on loopback: `GET /peers/{id}/tools` on one listener
/// (127.0.0.1, a port the kernel picks), with each peer's latency and failure pattern applied by the
/// server, as the mock transport applies them in process.
public final class PeerCatalogServer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let running: Task<Void, any Error>

    private init(port: Int, running: Task<Void, any Error>) {
        self.port = port
        self.running = running
    }

    /// Starts the server and returns once it accepts connections.
    public static func start(
        payloads: [Int64: [UInt8]], behaviours: [Int64: MockPeerTransport<ContinuousClock>.Behaviour]
    ) async throws -> PeerCatalogServer {
        let bodies = payloads.mapValues { ByteBuffer(bytes: $0) }
        let router = Router()
        router.get("/peers/:id/tools") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Response(status: .notFound) }
            let behaviour = behaviours[id] ?? .init()
            if behaviour.hangs { try await Task.sleep(for: .seconds(3_600)) }
            if behaviour.latency > .zero { try await Task.sleep(for: behaviour.latency) }
            guard !behaviour.fails, let body = bodies[id] else { return Response(status: .serviceUnavailable) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        // Quiet: the server must not print on a benchmark's stdout (which may be JSON).
        var logger = Logger(label: "gatebench.peers")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            }, logger: logger)
        let running = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            running.cancel()
            throw ServerDidNotStart()
        }
        return PeerCatalogServer(port: port, running: running)
    }

    /// Stops accepting, closes connections and waits for the server to end.
    public func stop() async {
        running.cancel()
        _ = await running.result
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var description: String { "the peer catalogue server did not start" }
    }
}
#endif
