/// How the runner chooses warmup, iterations per round and the number of rounds.
public enum RunMode: Sendable, Equatable {
    /// Time-based warmup, iterations calibrated from the clock, rounds until the time budget is spent.
    case automatic
    /// Fixed numbers, pytest-benchmark's `pedantic`: for bodies that cannot repeat freely
    /// (a write that consumes its input) or whose cost would make calibration wasteful.
    case explicit(rounds: Int, iterations: Int, warmupRounds: Int)
}
