import Foundation
import GatewayService

/// A benchmark's history as this machine makes it: one run's median per commit, log-normal
/// run-to-run noise, and now and then a run caught in one of the VM's slow phases.
struct SyntheticHistory {
    /// Between-run coefficient of variation of a run's median.
    var cv: Double
    /// The share of runs caught in a slow phase, and how much slower they are (uniform in the range).
    var outlierRate: Double
    var outlierFactor: ClosedRange<Double> = 1.2...1.8
    var commits = 200

    /// Log medians; from `stepAt` on, the code is `1 + step` times slower.
    func logMedians(step: Double = 0, stepAt: Int? = nil, using random: inout SplitMix64) -> [Double] {
        let sigma = sqrt(log(1 + cv * cv))
        return (0..<commits).map { commit in
            var value = sigma * normal(&random)
            if let stepAt, commit >= stepAt { value += log(1 + step) }
            if random.nextUnit() < outlierRate {
                value += log(outlierFactor.lowerBound + random.nextUnit() * (outlierFactor.upperBound - outlierFactor.lowerBound))
            }
            return value
        }
    }

    private func normal(_ random: inout SplitMix64) -> Double {
        let u = max(random.nextUnit(), .leastNonzeroMagnitude)
        return sqrt(-2 * log(u)) * cos(2 * .pi * random.nextUnit())
    }
}
