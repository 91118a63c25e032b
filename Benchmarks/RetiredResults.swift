import GateBench
import Synchronization

/// Results a timed round produced, freed after the round instead of inside it.
///
/// A federation aggregate replaces the gateway's previous catalogue; freeing the previous
/// 50,000 tools (~70 MB of strings and arrays) took 15–22 % of the benchmark's CPU inside the
/// timed round. The gateway pays it when it swaps catalogues, but not on the path that fetches,
/// decodes and merges, and a real gateway frees off that path. The benchmark keeps each round's
/// results here, frees them in its untimed `afterRound`, and reports how long that took, so the
/// cost stays visible beside the aggregate's time.
final class RetiredResults<Result: Sendable>: Sendable {
    private let state = Mutex<(held: [Result], freeNanoseconds: [UInt64])>(([], []))

    /// Holds `result` until `free()`.
    func keep(_ result: Result) {
        state.withLock { $0.held.append(result) }
    }

    /// Frees every result held and records how long that took per result.
    func free() {
        var held = state.withLock { state in
            defer { state.held = [] }
            return state.held
        }
        let count = held.count
        guard count > 0 else { return }
        let start = MonotonicClock.now()
        held.removeAll()
        let elapsed = MonotonicClock.now() &- start
        state.withLock { $0.freeNanoseconds.append(elapsed / UInt64(count)) }
    }

    /// The median time to free one result, in seconds, or nil before any was freed.
    var medianFreeSeconds: Double? {
        let times = state.withLock { $0.freeNanoseconds }.map { Double($0) / 1e9 }.sorted()
        return times.isEmpty ? nil : median(times)
    }
}
