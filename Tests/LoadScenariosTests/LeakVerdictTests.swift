import GatewayService
import Testing

@testable import LoadScenarios

/// The verdict on timelines shaped like real ones: noise, a one-time step (a cache filling up),
/// outliers, and steady leaks, over many seeds.
struct LeakVerdictTests {
    static func timeline(seconds: Int, seed: UInt64, slopeBytesPerSecond: Double, step: Double = 0, outliers: Bool = false)
        -> [TimelinePoint]
    {
        var random = SplitMix64(seed: seed)
        return (1...seconds).map { second in
            let noise = Double.random(in: -2_000_000...2_000_000, using: &random)
            var allocated = 200_000_000 + slopeBytesPerSecond * Double(second) + noise
            if second > 10 { allocated += step }
            if outliers && second % 17 == 0 { allocated += 50_000_000 }
            return TimelinePoint(
                second: second, phase: "steady", offered: 300, achieved: 300, errors: 0, p50Ms: 1, p95Ms: 2, p99Ms: 3,
                operationP95Ms: [:], busyWorkers: 1, residentBytes: UInt64(allocated * 1.5), allocatedBytes: UInt64(allocated),
                cpuPercent: 50)
        }
    }

    @Test func aSteadyLeakOfAThirdOfAMegabyteASecondIsFlaggedWithinTwoMinutes() {
        // 300 requests/s keeping 1 KiB each: 307,200 B/s, 17.6 MiB a minute.
        for seed in 0..<20 as Range<UInt64> {
            let verdict = LeakVerdict(points: Self.timeline(seconds: 120, seed: seed, slopeBytesPerSecond: 307_200))
            #expect(verdict.leaking, "seed \(seed): \(verdict)")
            #expect(abs(verdict.slopeMiBPerMinute - 17.58) < 1)
        }
    }

    @Test func noiseAStepAndOutliersAreNotALeak() {
        var flagged = 0
        for seed in 0..<40 as Range<UInt64> {
            let verdict = LeakVerdict(
                points: Self.timeline(seconds: 240, seed: seed, slopeBytesPerSecond: 0, step: 80_000_000, outliers: true))
            if verdict.leaking { flagged += 1 }
        }
        #expect(flagged == 0)
    }

    @Test func aLeakJustUnderTheThresholdIsNotFlaggedAndOneOverIs() {
        let under = LeakVerdict(points: Self.timeline(seconds: 300, seed: 1, slopeBytesPerSecond: 0.5 * 1_048_576 / 60))
        let over = LeakVerdict(points: Self.timeline(seconds: 300, seed: 1, slopeBytesPerSecond: 2 * 1_048_576 / 60))
        #expect(!under.leaking)
        #expect(over.leaking)
    }

    @Test func tooShortATimelineIsNotJudged() {
        let verdict = LeakVerdict(points: Self.timeline(seconds: 20, seed: 3, slopeBytesPerSecond: 10_000_000))
        #expect(!verdict.judged)
        #expect(!verdict.leaking)
    }
}
