import Foundation
import GatewayService
import Testing

@testable import GateBenchReport

@Suite struct EDivisiveTests {
    /// Matteson and James's q-hat straight from its definition, O(n³).
    func bruteForceStatistic(_ x: [Double], split tau: Int, alpha: Double) -> Double {
        let left = Array(x[..<tau]), right = Array(x[tau...])
        func d(_ a: Double, _ b: Double) -> Double { pow(abs(a - b), alpha) }
        var across = 0.0, withinLeft = 0.0, withinRight = 0.0
        for a in left { for b in right { across += d(a, b) } }
        for i in left.indices { for k in left.indices where k > i { withinLeft += d(left[i], left[k]) } }
        for i in right.indices { for k in right.indices where k > i { withinRight += d(right[i], right[k]) } }
        let m = Double(left.count), n = Double(right.count)
        let energy = 2 * across / (m * n) - withinLeft / (m * (m - 1) / 2) - withinRight / (n * (n - 1) / 2)
        return m * n / (m + n) * energy
    }

    @Test(arguments: [0.5, 1.0, 1.5])
    func bestSplitIsTheLargestStatisticOfItsDefinition(alpha: Double) {
        var random = SplitMix64(seed: 11)
        let detector = EDivisive(minimumSegment: 3, alpha: alpha)
        for _ in 0..<20 {
            let values = (0..<17).map { _ in random.nextUnit() * 3 }
            let split = try! #require(detector.bestSplit(values))
            let statistics = (3...14).map { bruteForceStatistic(values, split: $0, alpha: alpha) }
            let best = statistics.max()!
            #expect(abs(split.statistic - best) < 1e-9 * max(1, best))
            #expect(abs(bruteForceStatistic(values, split: split.index, alpha: alpha) - best) < 1e-9 * max(1, best))
        }
    }

    @Test func aClearStepIsFoundAtItsCommitAndAFlatSeriesHasNone() {
        var random = SplitMix64(seed: 3)
        let history = SyntheticHistory(cv: 0.01, outlierRate: 0, commits: 80)
        let stepped = EDivisive().changePoints(in: history.logMedians(step: 0.10, stepAt: 50, using: &random), using: &random)
        #expect(stepped.map(\.index) == [50])
        #expect(stepped[0].pValue <= 0.005)
        #expect(EDivisive().changePoints(in: history.logMedians(using: &random), using: &random).isEmpty)
        #expect(EDivisive().changePoints(in: [1, 2, 3], using: &random).isEmpty)
    }

    @Test func twoStepsAreBothFound() {
        var random = SplitMix64(seed: 5)
        let history = SyntheticHistory(cv: 0.01, outlierRate: 0, commits: 120)
        var values = history.logMedians(step: 0.08, stepAt: 40, using: &random)
        for index in 90..<120 { values[index] -= log(1.08) }
        let found = EDivisive().changePoints(in: values, using: &random).map(\.index)
        #expect(found.count == 2)
        #expect(found.contains { abs($0 - 40) <= 1 } && found.contains { abs($0 - 90) <= 1 })
    }

    /// The target on histories shaped like this machine's: 200 commits, the between-run
    /// noise measured here (robust CV up to 1.6 %, and one run in ten caught by the VM's slow
    /// phase, 1.2–1.8× slower), one 5 % step at a random commit. The step must be placed within
    /// one commit in at least 90 % of histories, and fewer than 1 false change point per 1,000
    /// commits may be reported (a misplaced step counts as false). `GATEBENCH_TRIALS` raises the
    /// number of histories (docs/history.md quotes 300 each, in a release build).
    @Test func aFivePercentStepIsPlacedWithinOneCommitAndFalseAlarmsAreRare() {
        let trials = ProcessInfo.processInfo.environment["GATEBENCH_TRIALS"].flatMap(Int.init) ?? 40
        let history = SyntheticHistory(cv: 0.016, outlierRate: 0.10)
        let detector = EDivisive()
        var placed = 0, falseAlarms = 0
        for seed in 0..<trials {
            var random = SplitMix64(seed: UInt64(seed), stream: "e-divisive trials")
            let at = 20 + Int(random.next() % 161)
            let stepped = detector.changePoints(in: history.logMedians(step: 0.05, stepAt: at, using: &random), using: &random)
            if stepped.contains(where: { abs($0.index - at) <= 1 }) { placed += 1 }
            falseAlarms += stepped.filter { abs($0.index - at) > 1 }.count
            falseAlarms += detector.changePoints(in: history.logMedians(using: &random), using: &random).count
        }
        let commits = 2 * trials * history.commits
        print("E-Divisive trials: placed \(placed) of \(trials); \(falseAlarms) false change points in \(commits) commits")
        #expect(Double(placed) >= 0.9 * Double(trials))
        #expect(Double(falseAlarms) <= Double(commits) / 1_000)
    }
}
