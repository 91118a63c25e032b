/// How the federation benchmarks reach their peers.
public enum FederationTransport: String, Sendable, CaseIterable {
    /// In-process peers (no network): the default, with no dependency.
    case mock
    /// Hummingbird servers on loopback, fetched with AsyncHTTPClient (a build with the HTTPFederation trait).
    case http

    /// True when this build can use `self`.
    public var isAvailable: Bool {
        #if HTTPFederation
        true
        #else
        self == .mock
        #endif
    }
}
