/// One registered benchmark: an identity, a run mode, and how to prepare its rounds.
///
/// ```swift
/// suite.add(Benchmark("harness", "opaque_call") { blackHole(identity(0)) })
/// suite.add(Benchmark("tool_service", "list_tools", setup: { try ToolFixture(wave: .small) }) { fixture in
///     blackHole(try fixture.service.listTools())
/// })
/// ```
/// The inits are `@inlinable` and build the per-round loop around the body, so the body is
/// specialized and inlined into its loop: the runner makes one call per round, not one per iteration.
public struct Benchmark: Sendable {
    /// Group, name and params.
    public let id: BenchmarkID
    /// Automatic calibration or explicit rounds and iterations.
    public let mode: RunMode
    /// Runs the setup (untimed) and returns the round with its hooks.
    @usableFromInline let prepare: @Sendable () async throws -> PreparedBenchmark
    /// Checks the measured result itself (the harness's guarantees); a throw fails the benchmark.
    public private(set) var verify: (@Sendable (BenchmarkResult) throws -> Void)?

    @usableFromInline
    init(id: BenchmarkID, mode: RunMode, prepare: @escaping @Sendable () async throws -> PreparedBenchmark) {
        self.id = id
        self.mode = mode
        self.prepare = prepare
    }

    /// This benchmark with a check of its own measured result: a thrown error fails it (exit 3)
    /// with the error's message, which should carry the figure.
    public func verifying(_ check: @escaping @Sendable (BenchmarkResult) throws -> Void) -> Benchmark {
        var copy = self
        copy.verify = check
        return copy
    }

    /// Runs `prepare`; untimed.
    public func makePrepared() async throws -> PreparedBenchmark {
        try await prepare()
    }

    /// A benchmark without state.
    @inlinable
    public init(
        _ group: String, _ name: String, params: [String: String] = [:], mode: RunMode = .automatic,
        body: @escaping @Sendable () throws -> Void
    ) {
        self.init(id: BenchmarkID(group: group, name: name, params: params), mode: mode) {
            PreparedBenchmark(
                round: .sync({ iterations in for _ in 0..<iterations { try body() } }),
                beforeRound: {}, afterRound: {}, finish: { [:] })
        }
    }

    /// A benchmark whose untimed `setup` builds the state the body works on.
    ///
    /// - Parameters:
    ///   - setup: Runs once before any round; validates the operation's answer (throw on a wrong one).
    ///   - beforeRound: Runs before every round, untimed (reset what a round consumes).
    ///   - afterRound: Runs after every round, untimed.
    ///   - teardown: Runs once after the last round; returns figures for `extra_info`.
    ///   - body: One operation; the runner calls it `iterations` times per round.
    @inlinable
    public init<State: Sendable>(
        _ group: String, _ name: String, params: [String: String] = [:], mode: RunMode = .automatic,
        setup: @escaping @Sendable () async throws -> State,
        beforeRound: @escaping @Sendable (State) throws -> Void = { _ in },
        afterRound: @escaping @Sendable (State) throws -> Void = { _ in },
        teardown: @escaping @Sendable (State) async throws -> ExtraInfo = { _ in [:] },
        body: @escaping @Sendable (State) throws -> Void
    ) {
        self.init(id: BenchmarkID(group: group, name: name, params: params), mode: mode) {
            let state = try await setup()
            return PreparedBenchmark(
                round: .sync({ iterations in for _ in 0..<iterations { try body(state) } }),
                beforeRound: { try beforeRound(state) }, afterRound: { try afterRound(state) },
                finish: { try await teardown(state) })
        }
    }

    /// An async benchmark without state; timed from a nonisolated task.
    @inlinable
    public init(
        _ group: String, _ name: String, params: [String: String] = [:], mode: RunMode = .automatic,
        asyncBody: @escaping @Sendable () async throws -> Void
    ) {
        self.init(id: BenchmarkID(group: group, name: name, params: params), mode: mode) {
            PreparedBenchmark(
                round: .async({ iterations in for _ in 0..<iterations { try await asyncBody() } }),
                beforeRound: {}, afterRound: {}, finish: { [:] })
        }
    }

    /// An async benchmark with state; see the synchronous form for the hooks.
    @inlinable
    public init<State: Sendable>(
        _ group: String, _ name: String, params: [String: String] = [:], mode: RunMode = .automatic,
        setup: @escaping @Sendable () async throws -> State,
        beforeRound: @escaping @Sendable (State) throws -> Void = { _ in },
        afterRound: @escaping @Sendable (State) throws -> Void = { _ in },
        teardown: @escaping @Sendable (State) async throws -> ExtraInfo = { _ in [:] },
        asyncBody: @escaping @Sendable (State) async throws -> Void
    ) {
        self.init(id: BenchmarkID(group: group, name: name, params: params), mode: mode) {
            let state = try await setup()
            return PreparedBenchmark(
                round: .async({ iterations in for _ in 0..<iterations { try await asyncBody(state) } }),
                beforeRound: { try beforeRound(state) }, afterRound: { try afterRound(state) },
                finish: { try await teardown(state) })
        }
    }

    /// A benchmark that measures itself: `measure` runs once and returns one latency in nanoseconds
    /// per request and the rate achieved (for loads the round model cannot express, such as an open-loop arrival rate).
    /// Its statistics are over those latencies; it has no warmup, calibration or allocation round.
    public init<State: Sendable>(
        _ group: String, _ name: String, params: [String: String] = [:],
        setup: @escaping @Sendable () async throws -> State,
        teardown: @escaping @Sendable (State) async throws -> ExtraInfo = { _ in [:] },
        measure: @escaping @Sendable (State) async throws -> MeasuredLoad
    ) {
        self.init(id: BenchmarkID(group: group, name: name, params: params), mode: .automatic) {
            let state = try await setup()
            return PreparedBenchmark(
                round: .samples({ try await measure(state) }), beforeRound: {}, afterRound: {},
                finish: { try await teardown(state) })
        }
    }
}
