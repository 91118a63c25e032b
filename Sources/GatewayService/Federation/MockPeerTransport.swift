/// In-process peers serving pre-rendered JSON with each gateway's latency and failure pattern.
///
/// Stands in for HTTP so that federation's own cost (scheduling, decoding, merging) is what is
/// measured; latency is a cancellable sleep on `clock`.
public struct MockPeerTransport<C: Clock>: PeerTransport where C.Duration == Duration {
    /// How one peer behaves.
    public struct Behaviour: Sendable, Equatable {
        /// Delay before the peer answers (or fails).
        public var latency: Duration
        /// The peer answers with an error after its latency.
        public var fails: Bool
        /// The peer never answers (only a timeout ends the request).
        public var hangs: Bool

        public init(latency: Duration = .zero, fails: Bool = false, hangs: Bool = false) {
            self.latency = latency
            self.fails = fails
            self.hangs = hangs
        }
    }

    /// A peer's injected failure.
    public struct PeerUnavailable: Error, CustomStringConvertible, Sendable {
        public let gatewayID: Int64
        public var description: String { "peer \(gatewayID) answered 503 Service Unavailable" }
    }

    private let payloads: [Int64: [UInt8]]
    private let behaviours: [Int64: Behaviour]
    private let clock: C

    /// - Parameters:
    ///   - payloads: The JSON each gateway serves, by gateway id (a missing one fails).
    ///   - behaviours: Latency and failures by gateway id (default: instant, healthy).
    public init(payloads: [Int64: [UInt8]], behaviours: [Int64: Behaviour] = [:], clock: C) {
        self.payloads = payloads
        self.behaviours = behaviours
        self.clock = clock
    }

    public func fetchCatalog(from gateway: PeerGateway) async throws -> [UInt8] {
        let behaviour = behaviours[gateway.id] ?? Behaviour()
        if behaviour.hangs {
            while true { try await clock.sleep(for: .seconds(3_600)) }
        }
        if behaviour.latency > .zero { try await clock.sleep(for: behaviour.latency) }
        guard !behaviour.fails, let payload = payloads[gateway.id] else { throw PeerUnavailable(gatewayID: gateway.id) }
        return payload
    }
}

extension MockPeerTransport where C == ContinuousClock {
    public init(payloads: [Int64: [UInt8]], behaviours: [Int64: Behaviour] = [:]) {
        self.init(payloads: payloads, behaviours: behaviours, clock: ContinuousClock())
    }
}
