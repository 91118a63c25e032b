/// A benchmark after its setup ran: the hooks and the round the runner drives.
///
/// Built by `Benchmark`'s inits; the runner never sees the benchmark's state, only these closures.
public struct PreparedBenchmark: Sendable {
    /// One round: runs the body `iterations` times in a loop compiled with the body.
    public enum Round: Sendable {
        case sync(@Sendable (_ iterations: Int) throws -> Void)
        case async(@Sendable (_ iterations: Int) async throws -> Void)
        /// The benchmark measures itself (an open-loop load, say) and returns one latency per request and its achieved rate.
        case samples(@Sendable () async throws -> MeasuredLoad)
    }

    @usableFromInline let round: Round
    @usableFromInline let beforeRound: @Sendable () throws -> Void
    @usableFromInline let afterRound: @Sendable () throws -> Void
    @usableFromInline let finish: @Sendable () async throws -> ExtraInfo

    @inlinable
    init(
        round: Round,
        beforeRound: @escaping @Sendable () throws -> Void,
        afterRound: @escaping @Sendable () throws -> Void,
        finish: @escaping @Sendable () async throws -> ExtraInfo
    ) {
        self.round = round
        self.beforeRound = beforeRound
        self.afterRound = afterRound
        self.finish = finish
    }
}
