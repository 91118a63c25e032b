extension Runner {
    /// What a run of several benchmarks produced: the records of those measured, the failures of the rest.
    public struct Outcome: Sendable {
        public var records: [BenchmarkRecord] = []
        public var failures: [BenchmarkFailure] = []
    }

    /// Measures `benchmarks` one after another; a failure is recorded and the run goes on.
    ///
    /// - Parameter progress: Called before each benchmark with its index and id, and with each failure.
    public func run(
        _ benchmarks: [Benchmark], progress: (ProgressEvent) -> Void = { _ in }
    ) async -> Outcome {
        var outcome = Outcome()
        for (index, benchmark) in benchmarks.enumerated() {
            progress(.started(index: index, count: benchmarks.count, id: benchmark.id))
            do {
                let result = try await run(benchmark)
                let record = BenchmarkRecord(result, mode: benchmark.mode, configuration: configuration)
                outcome.records.append(record)
                progress(.measured(record))
            } catch {
                progress(.failed(error))
                outcome.failures.append(error)
            }
        }
        progress(.finished)
        return outcome
    }

    /// What the runner is doing, for a progress display.
    public enum ProgressEvent: Sendable {
        case started(index: Int, count: Int, id: BenchmarkID)
        /// A benchmark finished; its record (kept by callers that report partial runs).
        case measured(BenchmarkRecord)
        case failed(BenchmarkFailure)
        case finished
    }
}
