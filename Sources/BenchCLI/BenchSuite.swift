import Foundation
import GateBench
import GateBenchmarks

/// The suite a `bench` executable runs: gatebench's own, or a user's.
public struct BenchSuite: Sendable {
    /// Builds the suite for the command line's options (wave, seed, data directory, …).
    public var make: @Sendable (SuiteOptions) -> Suite
    /// Whether the suite's benchmarks (outside the `harness` group) run on gatebench's seeded
    /// waves: then `bench run` seeds or verifies the wave's database before the first benchmark.
    public var usesSeededWaves: Bool

    /// A suite of your own; it does not use gatebench's seeded waves unless you say so.
    public init(usesSeededWaves: Bool = false, _ make: @escaping @Sendable (SuiteOptions) -> Suite) {
        self.make = make
        self.usesSeededWaves = usesSeededWaves
    }

    /// Every group of the gatebench package (multi_tenancy, tool_service, cache, federation, heartbeat, harness).
    public static let gatebench = BenchSuite(usesSeededWaves: true, Suite.gatebench)

    /// The suite of this process, set once by `BenchCommandLine.main` before any command runs.
    nonisolated(unsafe) static var current = BenchSuite.gatebench

    /// The name of the running executable's product (`bench`, or a user's): what `bench ab` builds.
    static var productName: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (executable as NSString).lastPathComponent
    }
}
