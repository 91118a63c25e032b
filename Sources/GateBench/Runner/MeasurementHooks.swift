/// Called just before a benchmark's measured rounds start and just after they end (outside every
/// timed window), e.g. to enable a profiler for exactly the measured code.
public struct MeasurementHooks: Sendable {
    public var willMeasure: @Sendable (BenchmarkID) throws -> Void
    public var didMeasure: @Sendable (BenchmarkID) throws -> Void

    public init(
        willMeasure: @escaping @Sendable (BenchmarkID) throws -> Void,
        didMeasure: @escaping @Sendable (BenchmarkID) throws -> Void
    ) {
        self.willMeasure = willMeasure
        self.didMeasure = didMeasure
    }

    /// No hooks.
    public static let none = MeasurementHooks(willMeasure: { _ in }, didMeasure: { _ in })
}
