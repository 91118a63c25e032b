import Foundation
import Testing

@testable import GateBench

/// The exact null distributions and intervals, against scipy and against their own coverage.
struct RankDistributionTests {
    /// scipy.stats.wilcoxon(d, method="exact", alternative="less") with d of 7 values gives T⁺ = 27, p = 0.9921875;
    /// enumerating 2⁷ sign patterns gives P(T⁺ ≤ 3) = 5/128.
    @Test func signedRankMatchesScipyAndEnumeration() {
        #expect(abs(SignedRank.cumulativeProbability(27, pairs: 7) - 0.9921875) < 1e-12)
        #expect(abs(SignedRank.cumulativeProbability(3, pairs: 7) - 0.0390625) < 1e-12)
        #expect(SignedRank.nullCounts(pairs: 6).reduce(0, +) == 64)
    }

    /// scipy.stats.mannwhitneyu(method="exact", alternative="less"): U = 0 for 5 vs 6 → 1/462; U = 26 → 0.98485.
    @Test func rankSumMatchesScipy() {
        #expect(abs(RankSum.cumulativeProbability(0, 5, 6) - 1.0 / 462) < 1e-12)
        #expect(abs(RankSum.cumulativeProbability(26, 6, 5) - 0.9848484848484849) < 1e-12)
        #expect(abs(RankSum.cumulativeProbability(26, 5, 6) - 0.9848484848484849) < 1e-12)
    }

    /// Two-sided 95 % needs 6 pairs (2/64 < 0.05; 2/32 is not); 99.75 % (5 % over 20 benchmarks) needs 10.
    @Test func smallestExactSamples() {
        #expect(SignedRank.minimumPairs(alpha: 0.05) == 6)
        #expect(SignedRank.minimumPairs(alpha: 0.05 / 20) == 10)
        #expect(SignedRank.interval([0.1, 0.2, 0.3, 0.1, 0.2], alpha: 0.05) == nil)
        let six = SignedRank.interval([0.1, 0.2, 0.3, 0.1, 0.2, 0.4], alpha: 0.05)
        #expect(six?.low == 0.1 && six?.high == 0.4, "6 pairs: the extreme Walsh averages")
        #expect(abs((six?.coverage ?? 0) - (1 - 2.0 / 64)) < 1e-12)
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
            if let interval = SignedRank.interval(differences, alpha: 0.05) {
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
