import Foundation

@testable import GateBench

/// Repetitions shaped like this machine's: each process a level of its own (between-process noise),
/// a drift shared by processes close in time, occasional bursts that slow a whole process, and
/// autocorrelated rounds with outliers inside a process, of which only the median is kept.
struct Synthetic {
    /// A benchmark: its true time and its between-process noise (SD of log medians).
    struct Profile {
        var seconds: Double
        var processNoise: Double
    }

    var random: SplitMix
    /// Log-scale drift, AR(1) from process to process.
    var drift = 0.0
    /// Chance that a process is hit by a neighbour's burst, slowing it 1.2–2×.
    var burstProbability = 0.03
    var roundsPerProcess = 40
    /// Chance per process that the machine switches between its fast and its slow (2×) phase: seen
    /// here when a neighbour shares the core, for seconds at a time. 0 disables phases.
    var phaseSwitchProbability = 0.0
    private var isSlowPhase = false

    init(seed: UInt64) {
        random = SplitMix(seed: seed)
    }

    static func normal(_ random: inout SplitMix) -> Double {
        let u1 = max(random.unit(), 1e-12), u2 = random.unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// One process's repetition of `profile`, slowed by `factor`.
    mutating func process(_ profile: Profile, factor: Double = 1) -> RepetitionSample {
        drift = 0.9 * drift + 0.004 * Self.normal(&random)
        if random.unit() < phaseSwitchProbability { isSlowPhase.toggle() }
        var level = log(profile.seconds * factor) + drift + profile.processNoise * Self.normal(&random)
        if isSlowPhase { level += log(2) }
        if random.unit() < burstProbability { level += log(1.2 + 0.8 * random.unit()) }
        var round = 0.0
        var samples: [Double] = []
        for _ in 0..<roundsPerProcess {
            round = 0.7 * round + 0.03 * Self.normal(&random)
            let outlier = random.unit() < 0.02 ? log(1.5 + 1.5 * random.unit()) : 0
            samples.append(exp(level + round + outlier))
        }
        samples.sort()
        return RepetitionSample(median: samples[samples.count / 2], allocationsPerOp: 10, allocationsExact: true)
    }
}
