import Foundation
import GateBench
import GatewayService

/// Runs BASE/HEAD pairs of separate processes, sequentially until decisive, and judges them:
/// the engine behind `bench ab` and `bench noise`.
struct PairedRuns {
    let base: BenchBinary
    let head: BenchBinary
    let keys: [BenchmarkKey]
    let childArguments: [String]
    let plan: SequentialComparison.Plan
    let threshold: Double
    let thresholdOverrides: [BenchmarkKey: Double]
    let pairedNoise: [BenchmarkKey: Double]
    let orderSeed: UInt64
    let scratch: String
    let progress: ProgressLine

    /// Tells, on stderr, what on this machine is known to make times swing (before a long comparison).
    static func announceMachineNoiseSources() {
        for source in MachineNoiseSources.current() { FileHandle.standardError.write(Data("note: \(source).\n".utf8)) }
    }

    /// Measures and returns the series; `stop` says why it ended early (budget, failure, interrupt).
    func run() async -> SequentialComparison.Outcome {
        let sequential = SequentialComparison(plan: plan, threshold: threshold, thresholdOverrides: thresholdOverrides)
        var random = SplitMix64(seed: orderSeed)
        let started = Date()
        var pairs = 0
        return await sequential.run(
            keys: keys, pairedNoise: pairedNoise, random: &random, elapsedSeconds: { Date().timeIntervalSince(started) }
        ) { key, baseFirst in
            if InterruptGuard.isInterrupted { throw CommandFailure(status: .interrupted, message: "interrupted") }
            pairs += 1
            progress.update("pair \(pairs): \(key) (\(baseFirst ? "BASE, HEAD" : "HEAD, BASE")), \(Int(Date().timeIntervalSince(started))) s")
            if baseFirst {
                let before = try base.measure(key, arguments: childArguments, scratch: scratch)
                return (before, try head.measure(key, arguments: childArguments, scratch: scratch))
            }
            let after = try head.measure(key, arguments: childArguments, scratch: scratch)
            return (try base.measure(key, arguments: childArguments, scratch: scratch), after)
        }
    }
}
