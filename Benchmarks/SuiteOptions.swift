import GateBench
import GatewayService

/// What the command line passes to the benchmark groups.
public struct SuiteOptions: Sendable {
    /// The data set the service benchmarks run on.
    public var wave: Wave
    /// The seed of the data set's generator.
    public var seed: UInt64

    public init(wave: Wave = .small, seed: UInt64 = 42) {
        self.wave = wave
        self.seed = seed
    }

    /// The params every service benchmark records.
    var params: [String: String] { ["wave": wave.rawValue, "seed": String(seed)] }
}

extension Suite {
    /// The full suite: every group this package defines.
    public static func gatebench(_ options: SuiteOptions) -> Suite {
        var suite = Suite()
        suite.addHarness()
        return suite
    }
}
