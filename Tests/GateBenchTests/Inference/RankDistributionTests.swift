import Foundation
import Testing

@testable import GateBench

/// The exact null distributions and intervals, against scipy and against their own coverage.
struct RankDistributionTests {
    /// The binomial(n, ½) distribution the sign test uses: P(B ≤ 1) = 8/128 for 7 pairs,
    /// scipy.stats.binom.cdf(30, 80, 0.5) = 0.016496... for 80.
    @Test func signTestMatchesTheBinomial() {
        #expect(abs(SignTest.cumulativeProbability(1, pairs: 7) - 8.0 / 128) < 1e-12)
        #expect(abs(SignTest.cumulativeProbability(30, pairs: 80) - 0.0164963092) < 1e-9)
        #expect(SignTest.cumulativeProbability(7, pairs: 7) == 1)
    }

    /// scipy.stats.mannwhitneyu(method="exact", alternative="less"): U = 0 for 5 vs 6 → 1/462; U = 26 → 0.98485.
    @Test func rankSumMatchesScipy() {
        #expect(abs(RankSum.cumulativeProbability(0, 5, 6) - 1.0 / 462) < 1e-12)
        #expect(abs(RankSum.cumulativeProbability(26, 6, 5) - 0.9848484848484849) < 1e-12)
        #expect(abs(RankSum.cumulativeProbability(26, 5, 6) - 0.9848484848484849) < 1e-12)
    }

    /// Two-sided 95 % needs 6 pairs (2/64 < 0.05; 2/32 is not); 99.75 % (5 % over 20 benchmarks) needs 10.
    @Test func smallestExactSamples() {
        #expect(SignTest.minimumPairs(alpha: 0.05) == 6)
        #expect(SignTest.minimumPairs(alpha: 0.05 / 20) == 10)
        #expect(SignTest.interval([0.1, 0.2, 0.3, 0.1, 0.2], alpha: 0.05) == nil)
        let six = SignTest.interval([0.1, 0.2, 0.3, 0.1, 0.2, 0.4], alpha: 0.05)
        #expect(six?.low == 0.1 && six?.high == 0.4, "6 pairs: the extreme differences")
        #expect(abs((six?.coverage ?? 0) - (1 - 2.0 / 64)) < 1e-12)
    }

    /// A third of the pairs straddling a 2× phase change (±0.69 in log) barely moves the sign
    /// test's interval; it is what the signed-rank interval could not survive on this VM.
    @Test func grossOutliersInAThirdOfThePairsKeepTheIntervalNarrow() {
        var random = SplitMix(seed: 5)
        let differences = (0..<60).map { index in
            index % 3 == 0 ? (random.unit() < 0.5 ? 0.69 : -0.69) : 0.01 * Synthetic.normal(&random)
        }
        let interval = SignTest.interval(differences, alpha: 0.05 / 42)
        let width = (interval?.high ?? 1) - (interval?.low ?? 0)
        #expect(width < 0.1, "width \(width)")
    }

    /// The intervals cover a known shift at least as often as their stated coverage, over many seeds
    /// of skewed (lognormal) noise with outliers.
    @Test func intervalsKeepTheirCoverage() {
        var random = SplitMix(seed: 11)
        var pairedHits = 0, unpairedHits = 0
        let trials = 1_000, shift = 0.05
        var pairedCoverage = 0.0, unpairedCoverage = 0.0
        for _ in 0..<trials {
            // Symmetric paired differences around the shift (exchangeable processes), 12 pairs.
            let differences = (0..<12).map { _ in shift + 0.03 * Synthetic.normal(&random) * (random.unit() < 0.1 ? 4 : 1) }
            if let interval = SignTest.interval(differences, alpha: 0.05) {
                pairedCoverage = interval.coverage
                if interval.low <= shift && shift <= interval.high { pairedHits += 1 }
            }
            let x = (0..<8).map { _ in 0.04 * Synthetic.normal(&random) }
            let y = (0..<8).map { _ in shift + 0.04 * Synthetic.normal(&random) }
            if let interval = RankSum.interval(x, y, alpha: 0.05) {
                unpairedCoverage = interval.coverage
                if interval.low <= shift && shift <= interval.high { unpairedHits += 1 }
            }
        }
        // Binomial slack: 3 standard errors below the coverage.
        let slack = 3 * (0.05 * 0.95 / Double(trials)).squareRoot()
        #expect(Double(pairedHits) / Double(trials) >= pairedCoverage - slack, "paired: \(pairedHits)/\(trials), stated \(pairedCoverage)")
        #expect(Double(unpairedHits) / Double(trials) >= unpairedCoverage - slack, "unpaired: \(unpairedHits)/\(trials), stated \(unpairedCoverage)")
    }
}
