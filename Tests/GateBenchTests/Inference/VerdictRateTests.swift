import Foundation
import Testing

@testable import GateBench

/// The whole verdict procedure (sequential pairs, exact intervals, Bonferroni over the suite) on
/// synthetic repetitions shaped like this machine's, as rates over many seeds.
struct VerdictRateTests {
    /// Between-process noise of the listings measured here: 1.3 %, 2.2 %, 2.7 %, 3.9 %.
    static let profiles: [BenchmarkKey: Synthetic.Profile] = [
        BenchmarkKey(group: "g", name: "quiet"): .init(seconds: 250e-6, processNoise: 0.013),
        BenchmarkKey(group: "g", name: "members"): .init(seconds: 3e-3, processNoise: 0.022),
        BenchmarkKey(group: "g", name: "listing"): .init(seconds: 900e-6, processNoise: 0.027),
        BenchmarkKey(group: "g", name: "noisy"): .init(seconds: 120e-6, processNoise: 0.039),
    ]

    /// Runs `trials` A/B comparisons with HEAD slowed by `factor` on `affected`; returns the verdicts.
    static func verdicts(
        trials: Int, factor: Double, affected: Set<BenchmarkKey>, seed: UInt64, phaseSwitches: Double = 0
    ) async -> [BenchmarkKey: [Verdict]] {
        var result: [BenchmarkKey: [Verdict]] = [:]
        let keys = profiles.keys.sorted()
        for trial in 0..<trials {
            var world = Synthetic(seed: seed &* 1_000 &+ UInt64(trial))
            world.phaseSwitchProbability = phaseSwitches
            var random = SplitMix64Generator(seed: UInt64(trial))
            var clock = 0.0
            let sequential = SequentialComparison(
                plan: .init(initialPairs: 10, maxPairs: 60, budgetSeconds: 240), threshold: 0.03)
            let outcome = await sequential.run(keys: keys, random: &random, elapsedSeconds: { clock }) { key, baseFirst in
                clock += 0.7
                let profile = profiles[key]!
                let slowdown = affected.contains(key) ? factor : 1
                if baseFirst {
                    let base = world.process(profile)
                    return (base, world.process(profile, factor: slowdown))
                }
                let head = world.process(profile, factor: slowdown)
                return (world.process(profile), head)
            }
            let report = ChangeReport(series: outcome.series, threshold: 0.03, looks: sequential.plan.looks().count)
            for row in report.rows {
                result[row.key, default: []].append(row.verdict)
            }
        }
        return result
    }

    @Test func identicalBuildsRarelyGetAVerdictAndAreMostlyUnchanged() async {
        let verdicts = await Self.verdicts(trials: 150, factor: 1, affected: [], seed: 1)
        let all = verdicts.values.flatMap { $0 }
        let false_ = all.filter { $0 == .slower || $0 == .faster }.count
        let inconclusive = all.filter { $0 == .inconclusive }.count
        print("A/A: \(false_) false, \(inconclusive) inconclusive of \(all.count)")
        #expect(Double(false_) <= 0.01 * Double(all.count), "A/A: \(false_) false verdicts in \(all.count)")
        #expect(Double(inconclusive) <= 0.10 * Double(all.count), "A/A: \(inconclusive) inconclusive in \(all.count)")
    }

    /// A machine that flips between a fast and a 2× slower phase (a neighbour on the core), every
    /// fifth process on average: intervals widen, but false verdicts stay as rare.
    @Test func aMachineWithSlowPhasesStillGivesNoFalseVerdicts() async {
        let verdicts = await Self.verdicts(trials: 100, factor: 1, affected: [], seed: 4, phaseSwitches: 0.2)
        let all = verdicts.values.flatMap { $0 }
        let false_ = all.filter { $0 == .slower || $0 == .faster }.count
        print("A/A with slow phases: \(false_) false, \(all.filter { $0 == .inconclusive }.count) inconclusive of \(all.count)")
        #expect(Double(false_) <= 0.01 * Double(all.count), "\(false_) false verdicts in \(all.count)")
    }

    /// The unaffected benchmarks get a false verdict no more often than identical builds do (1 %).
    @Test func aTenPercentSlowdownIsFoundAndNothingElseIs() async {
        let affected: Set = [BenchmarkKey(group: "g", name: "listing"), BenchmarkKey(group: "g", name: "noisy")]
        let verdicts = await Self.verdicts(trials: 100, factor: 1.10, affected: affected, seed: 2)
        var unaffected: [Verdict] = []
        for key in verdicts.keys.sorted() {
            let list = verdicts[key, default: []]
            let slower = list.filter { $0 == .slower }.count
            print("10 %: \(key) slower in \(slower) of \(list.count)")
            if affected.contains(key) {
                #expect(slower >= 95, "\(key): slower in \(slower) of \(list.count)")
            } else {
                unaffected += list
            }
        }
        let false_ = unaffected.filter { $0 == .slower || $0 == .faster }.count
        #expect(unaffected.count == 200)
        #expect(Double(false_) <= 0.01 * Double(unaffected.count), "\(false_) false verdicts in \(unaffected.count) unaffected")
    }

    @Test func aFivePercentSlowdownIsFoundFourTimesInFive() async {
        let affected: Set = [BenchmarkKey(group: "g", name: "listing"), BenchmarkKey(group: "g", name: "noisy")]
        let verdicts = await Self.verdicts(trials: 100, factor: 1.05, affected: affected, seed: 3)
        for key in affected {
            let slower = verdicts[key, default: []].filter { $0 == .slower }.count
            print("5 %: \(key) slower in \(slower) of 100")
            #expect(slower >= 80, "\(key): slower in \(slower) of 100")
        }
    }

    /// The old engine's mistake, kept out: rounds of one process each are not samples. One
    /// repetition a side with a 20 % change and no noise profile is inconclusive (10 % assumed noise).
    @Test func oneRepetitionASideIsJudgedByTheNoiseModel() {
        let series = BenchmarkSeries(
            key: BenchmarkKey(group: "g", name: "op"),
            base: [RepetitionSample(median: 100e-6, allocationsPerOp: 5, allocationsExact: true)],
            head: [RepetitionSample(median: 120e-6, allocationsPerOp: 5, allocationsExact: true)], paired: false)
        let unknown = ChangeReport(series: [series])
        #expect(unknown.rows[0].estimate?.method == .noiseModel)
        #expect(unknown.rows[0].verdict == .inconclusive)
        // With a measured noise of 1 %, the same 20 % is far outside it.
        let measured = ChangeReport(series: [series], noise: [series.key: 0.01])
        #expect(measured.rows[0].verdict == .slower)
        #expect(measured.hasRegression)
    }

    /// Five pairs cannot give an exact 95 % interval (2/32 > 0.05): the noise model steps in.
    @Test func tooFewPairsFallBackToTheNoiseModel() {
        let estimate = ChangeEstimate.estimate(
            base: [1, 1, 1, 1, 1], head: [1.1, 1.1, 1.1, 1.1, 1.1], paired: true, alpha: 0.05, noise: 0.02)
        #expect(estimate?.method == .noiseModel)
        let six = ChangeEstimate.estimate(
            base: Array(repeating: 1, count: 6), head: Array(repeating: 1.1, count: 6), paired: true, alpha: 0.05, noise: nil)
        #expect(six?.method == .paired)
        #expect(abs((six?.change ?? 0) - 0.1) < 1e-9)
    }
}

/// SplitMix as a `RandomNumberGenerator` for the sequential loop's orders.
struct SplitMix64Generator: RandomNumberGenerator {
    var inner: SplitMix
    init(seed: UInt64) { inner = SplitMix(seed: seed) }
    mutating func next() -> UInt64 { inner.next() }
}
