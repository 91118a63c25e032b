/// The runner's time budget; the CLI's `--max-time`, `--min-rounds` and `--warmup`.
public struct RunnerConfiguration: Sendable, Equatable {
    /// Wall time of the measured rounds of one benchmark, in nanoseconds (at least `minRounds` run).
    public var maxTimeNanoseconds: UInt64
    /// Fewest measured rounds, however long they take.
    public var minRounds: Int
    /// Wall time spent running unmeasured rounds before measuring, in nanoseconds (calibration counts).
    public var warmupNanoseconds: UInt64
    /// Most measured rounds; calibration makes a round last at least `maxTime / maxRounds`, so a
    /// saved run keeps at most this many samples per benchmark.
    public var maxRounds: Int

    public init(
        maxTimeNanoseconds: UInt64 = 1_000_000_000, minRounds: Int = 5, warmupNanoseconds: UInt64 = 100_000_000,
        maxRounds: Int = 10_000
    ) {
        self.maxTimeNanoseconds = maxTimeNanoseconds
        self.minRounds = minRounds
        self.warmupNanoseconds = warmupNanoseconds
        self.maxRounds = max(maxRounds, minRounds)
    }

    /// The shortest round worth measuring with `clock`: far above its granularity and long enough
    /// that `maxRounds` rounds fill the time budget.
    public func targetRoundNanoseconds(_ clock: ClockCharacteristics) -> UInt64 {
        max(clock.minimumRoundNanoseconds, maxTimeNanoseconds / UInt64(maxRounds))
    }
}
