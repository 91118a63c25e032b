import Synchronization

/// One factory run of `L1Cache.getOrSet` and the callers waiting for its result.
///
/// The caller that missed first runs the factory itself, on its own task; later callers of the
/// same key suspend here until it finishes. No task is spawned for a load: its work and its
/// allocations belong to the caller that runs it (a spawned task ran on the global executor,
/// outside whatever executor the caller chose), and a cancelled leader's error reaches its
/// waiters as any other error of the factory would.
@usableFromInline
final class LoadFlight<Value: Sendable>: Sendable {
    @usableFromInline
    enum State {
        case running([CheckedContinuation<Value, any Error>])
        case finished(Result<Value, any Error>)
    }

    @usableFromInline let state = Mutex(State.running([]))

    @usableFromInline init() {}

    /// The leader's result, once it has one.
    @inlinable
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let finished: Result<Value, any Error>? = state.withLock { state in
                switch state {
                case .running(var waiters):
                    waiters.append(continuation)
                    state = .running(waiters)
                    return nil
                case .finished(let result):
                    return result
                }
            }
            if let finished { continuation.resume(with: finished) }
        }
    }

    /// Hands the leader's result to every waiter, present and later.
    @inlinable
    func finish(_ result: Result<Value, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, any Error>] in
            guard case .running(let waiters) = state else { return [] }
            state = .finished(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
