import Foundation

/// Runs BASE/HEAD pairs until each benchmark's interval is decisive, within a budget.
///
/// Every benchmark first gets `initialPairs` pairs (more when this machine's measured noise says
/// that cannot be decisive); then benchmarks still `inconclusive` get half as many again at each
/// look, up to `maxPairs`, while the time budget lasts. Every look spends part of the false-alarm
/// budget (Bonferroni over looks as well as benchmarks), so stopping early cannot inflate it. Each round runs one pair per benchmark still
/// active, benchmarks in a shuffled order and each pair's order (BASE first or HEAD first) at random,
/// so drift and neighbours' bursts fall on both sides alike.
public struct SequentialComparison: Sendable {
    public struct Plan: Sendable, Equatable {
        public var initialPairs: Int
        public var maxPairs: Int
        /// Seconds after which no more pairs start beyond the initial ones.
        public var budgetSeconds: Double

        public init(initialPairs: Int, maxPairs: Int, budgetSeconds: Double) {
            self.initialPairs = max(initialPairs, 1)
            self.maxPairs = max(maxPairs, self.initialPairs)
            self.budgetSeconds = budgetSeconds
        }

        /// The pair counts at which a benchmark is judged: from `start`, ×1.5 each time, ending at `maxPairs`.
        public func looks(from start: Int? = nil) -> [Int] {
            var counts = [min(start ?? initialPairs, maxPairs)]
            while let last = counts.last, last < maxPairs {
                counts.append(min(max(Int((Double(last) * 1.5).rounded(.up)), last + 1), maxPairs))
            }
            return counts
        }
    }

    /// Why the loop ended before every benchmark was decisive or at `maxPairs`.
    public enum Stop: Sendable {
        case budget
        /// `measure` threw this (a failed benchmark, an interrupt).
        case failed(any Error)
    }

    public struct Outcome: Sendable {
        public var series: [BenchmarkSeries]
        public var stop: Stop?
        /// Pairs run per benchmark, for the note under the table.
        public var pairs: Int { series.map(\.base.count).reduce(0, +) }
    }

    public let plan: Plan
    public let threshold: Double
    public let thresholdOverrides: [BenchmarkKey: Double]
    public let familyAlpha: Double

    public init(plan: Plan, threshold: Double, thresholdOverrides: [BenchmarkKey: Double] = [:], familyAlpha: Double = 0.05) {
        self.plan = plan
        self.threshold = threshold
        self.thresholdOverrides = thresholdOverrides
        self.familyAlpha = familyAlpha
    }

    /// The level of each benchmark's decision interval: the family's budget split over benchmarks and looks.
    public func alpha(comparisons: Int) -> Double {
        familyAlpha / Double(max(comparisons, 1) * plan.looks().count)
    }

    /// The pairs `noise` (SD of paired log differences) needs for an equivalence interval of half the threshold's width.
    public func plannedPairs(noise: Double?, comparisons: Int) -> Int {
        let floor = max(plan.initialPairs, SignTest.minimumPairs(alpha: alpha(comparisons: comparisons)))
        guard let noise, noise > 0 else { return min(floor, plan.maxPairs) }
        let z = normalQuantile(1 - ChangeEstimate.equivalenceAlpha / 2)
        // The sign test's interval is about 1.25× wider than the mean's for normal noise (π/2 in variance).
        let needed = (z * 1.25 * noise / (log1p(threshold) / 2))
        let pairs = Int((needed * needed).rounded(.up))
        return min(max(pairs, floor), plan.maxPairs)
    }

    /// Measures pairs of `keys` until each is decisive, at `maxPairs`, or the budget runs out.
    ///
    /// - Parameters:
    ///   - pairedNoise: Per benchmark, the SD of paired log differences measured by `bench noise`.
    ///   - random: Decides orders; pass a seeded generator to reproduce a schedule.
    ///   - measure: Runs one pair of `key`, BASE first when `baseFirst`; a thrown error stops the
    ///     loop and what was measured is returned.
    ///   - elapsedSeconds: The time since the comparison started.
    public func run<R: RandomNumberGenerator>(
        keys: [BenchmarkKey], pairedNoise: [BenchmarkKey: Double] = [:], random: inout R,
        elapsedSeconds: () -> Double,
        measure: (BenchmarkKey, _ baseFirst: Bool) async throws -> (base: RepetitionSample, head: RepetitionSample)
    ) async -> Outcome {
        var series = keys.map { BenchmarkSeries(key: $0, base: [], head: [], paired: true) }
        let planned = keys.map { plannedPairs(noise: pairedNoise[$0], comparisons: keys.count) }
        let looks = planned.map { Set(plan.looks(from: $0)) }
        let alpha = alpha(comparisons: keys.count)
        var active = Set(keys.indices)
        var stop: Stop?
        var roundSeconds = 0.0
        while !active.isEmpty {
            // The user's --repetitions always run; pairs planned from measured noise and extra looks
            // only while the budget lasts.
            let inInitialPairs = active.contains { series[$0].base.count < plan.initialPairs }
            if !inInitialPairs && elapsedSeconds() + roundSeconds > plan.budgetSeconds {
                stop = .budget
                break
            }
            let started = elapsedSeconds()
            // Sorted first: a `Set`'s order changes with each process's hash seed, so shuffling
            // it directly gave a different schedule per process even with a seeded generator.
            for index in active.sorted().shuffled(using: &random) {
                do {
                    let pair = try await measure(keys[index], Bool.random(using: &random))
                    series[index].base.append(pair.base)
                    series[index].head.append(pair.head)
                } catch {
                    return Outcome(series: series, stop: .failed(error))
                }
            }
            roundSeconds = elapsedSeconds() - started
            for index in active {
                let count = series[index].base.count
                guard count >= planned[index] else { continue }
                if count >= plan.maxPairs || looks[index].contains(count) && isDecisive(series[index], alpha: alpha) {
                    active.remove(index)
                }
            }
        }
        return Outcome(series: series, stop: stop)
    }

    private func isDecisive(_ series: BenchmarkSeries, alpha: Double) -> Bool {
        guard let estimate = ChangeEstimate.estimate(
            base: series.base.map(\.median), head: series.head.map(\.median), paired: true, alpha: alpha, noise: nil),
            estimate.method == .paired
        else { return false }
        return Verdict.judge(estimate, threshold: thresholdOverrides[series.key] ?? threshold) != .inconclusive
    }
}
