import Testing

@testable import GateBench

/// Expected values from pytest-benchmark 5.2.3's `Stats` (and numpy's `percentile`) on the same samples.
struct StatisticsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let samples: [Double]
        let mean, stddev, median, q1, q3: Double
        let stddevOutliers, iqrOutliers: Int
        let percentiles: [Double]
        var testDescription: String { "\(samples)" }
    }

    static let cases: [Case] = [
        Case(samples: [1, 2, 3, 4, 5, 6, 7, 8], mean: 4.5, stddev: 2.449489742783178, median: 4.5, q1: 2.5, q3: 6.5,
             stddevOutliers: 4, iqrOutliers: 0, percentiles: [4.5, 7.3, 7.65, 7.93, 7.993]),
        Case(samples: [3, 1, 4, 1, 5, 9, 2, 6, 5], mean: 4, stddev: 2.598076211353316, median: 4, q1: 1.75, q3: 5.25,
             stddevOutliers: 3, iqrOutliers: 0, percentiles: [4.0, 6.6, 7.8, 8.76, 8.976]),
        Case(samples: [10, 12, 11, 13, 100], mean: 29.2, stddev: 39.594191493197584, median: 12, q1: 10.75, q3: 34.75,
             stddevOutliers: 1, iqrOutliers: 1, percentiles: [12.0, 65.2, 82.6, 96.52, 99.652]),
        Case(samples: [2, 4, 4, 4, 5, 5, 7, 9, 30, 1, 3.5], mean: 6.7727272727272725, stddev: 8.004260229289264,
             median: 4, q1: 3.625, q3: 6.5, stddevOutliers: 1, iqrOutliers: 1,
             percentiles: [4.0, 9.0, 19.5, 27.9, 29.79]),
    ]

    @Test(arguments: cases)
    func matchesPytestBenchmark(_ expected: Case) {
        let stats = Statistics(samples: expected.samples)
        #expect(stats.rounds == expected.samples.count)
        #expect(stats.min == expected.samples.min())
        #expect(stats.max == expected.samples.max())
        #expect(abs(stats.mean - expected.mean) < 1e-12)
        #expect(abs(stats.stddev - expected.stddev) < 1e-12)
        #expect(stats.median == expected.median)
        #expect(stats.q1 == expected.q1)
        #expect(stats.q3 == expected.q3)
        #expect(stats.iqr == expected.q3 - expected.q1)
        #expect(stats.stddevOutliers == expected.stddevOutliers)
        #expect(stats.iqrOutliers == expected.iqrOutliers)
        #expect(abs(stats.ops - 1 / expected.mean) < 1e-12)
        let p = stats.percentiles
        for (actual, wanted) in zip([p.p50, p.p90, p.p95, p.p99, p.p999], expected.percentiles) {
            #expect(abs(actual - wanted) < 1e-9)
        }
    }

    /// By hand: fences of [10, 11, 12, 13, 100] are 10.75 − 36 and 34.75 + 36 = 70.75, so the highest
    /// datum inside is 13. (pytest-benchmark's `hd15iqr` returns the first datum *above* the fence, 100.)
    @Test func tukeyDataInsideTheFences() {
        let stats = Statistics(samples: [10, 12, 11, 13, 100])
        #expect(stats.ld15iqr == 10)
        #expect(stats.hd15iqr == 13)
    }

    @Test func singleSample() {
        let stats = Statistics(samples: [7])
        #expect(stats.stddev == 0)
        #expect(stats.median == 7 && stats.q1 == 7 && stats.q3 == 7)
        #expect(stats.medianConfidenceInterval == 7...7)
        #expect(stats.percentiles.p999 == 7)
    }

    /// By hand for n = 100: ranks 50 ∓ 1.96·√100/2 = 50 ∓ 9.8 → order statistics 40 and 61 (1-based),
    /// i.e. values 40 and 61 of the samples 1...100.
    @Test func medianConfidenceIntervalFromOrderStatistics() {
        let stats = Statistics(samples: (1...100).map(Double.init).shuffled())
        #expect(stats.medianConfidenceInterval == 40...61)
        #expect(stats.medianConfidenceInterval.contains(stats.median))
    }

    @Test func fewSamplesGiveTheFullRangeAsInterval() {
        #expect(Statistics(samples: [3, 1, 2]).medianConfidenceInterval == 1...3)
    }
}
