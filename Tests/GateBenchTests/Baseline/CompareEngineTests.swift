import Foundation
import Testing

@testable import GateBench

/// The compare engine on synthetic runs: lognormal round samples (3 % CV) with occasional outliers.
struct CompareEngineTests {
    /// A normal deviate from two uniforms (Box–Muller).
    static func normal(_ random: inout SplitMix) -> Double {
        let u1 = max(random.unit(), 1e-12), u2 = random.unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// `count` samples around `median` seconds: lognormal, σ = 0.03, and 2 % outliers 1.5–3× slower.
    static func samples(median: Double, count: Int, _ random: inout SplitMix) -> [Double] {
        (0..<count).map { _ in
            let value = median * exp(0.03 * normal(&random))
            return random.unit() < 0.02 ? value * (1.5 + 1.5 * random.unit()) : value
        }
    }

    static func document(_ samples: [Double], name: String = "op", allocations: Double = 1, build: BuildConfiguration = .release,
                         params: [String: String] = ["wave": "small"]) -> RunDocument {
        let result = BenchmarkResult(
            id: BenchmarkID(group: "g", name: name, params: params), iterations: 1, warmupRounds: 0,
            roundNanoseconds: samples.map { UInt64($0 * 1e9) },
            allocator: AllocatorDelta(allocations: UInt64(allocations * 100), bytesAllocated: 0, bytesFreed: 0, iterations: 100),
            peakResidentBytes: 0, extraInfo: [:])
        var machine = MachineInfo.current(
            clock: ClockCharacteristics(resolutionNanoseconds: 1, readOverheadNanoseconds: 20), jemallocVersion: "5")
        machine.build = build
        return RunDocument(
            machineInfo: machine, commitInfo: CommitInfo(id: "x", time: nil, dirty: false, project: "p", branch: "b"),
            benchmarks: [BenchmarkRecord(result, mode: .automatic, configuration: RunnerConfiguration())])
    }

    @Test func identicalDistributionsAreUnchangedInAtLeast95PercentOfTrials() throws {
        var random = SplitMix(seed: 1)
        var unchanged = 0
        for _ in 0..<200 {
            let a = Self.document(Self.samples(median: 100e-6, count: 200, &random))
            let b = Self.document(Self.samples(median: 100e-6, count: 200, &random))
            if try Comparison(baseline: a, current: b).rows[0].verdict == .unchanged { unchanged += 1 }
        }
        #expect(unchanged >= 190, "A/A: \(unchanged) of 200 unchanged")
    }

    @Test func aTenPercentSlowdownIsCaughtInAtLeast95PercentOfTrials() throws {
        var random = SplitMix(seed: 2)
        var caught = 0
        for _ in 0..<200 {
            let a = Self.document(Self.samples(median: 100e-6, count: 200, &random))
            let b = Self.document(Self.samples(median: 110e-6, count: 200, &random))
            let comparison = try Comparison(baseline: a, current: b)
            if comparison.rows[0].verdict == .slower && comparison.hasRegression { caught += 1 }
        }
        #expect(caught >= 190, "A/B: \(caught) of 200 caught")
    }

    @Test func aTenPercentSpeedupIsFaster() throws {
        var random = SplitMix(seed: 3)
        let a = Self.document(Self.samples(median: 100e-6, count: 200, &random))
        let b = Self.document(Self.samples(median: 90e-6, count: 200, &random))
        let comparison = try Comparison(baseline: a, current: b)
        #expect(comparison.rows[0].verdict == .faster)
        #expect(!comparison.hasRegression)
    }

    @Test func aBigChangeWithoutEvidenceIsNotAVerdict() throws {
        // Three wildly noisy rounds each: the medians differ by 20 %, the rank test cannot tell.
        let a = Self.document([100e-6, 300e-6, 50e-6])
        let b = Self.document([120e-6, 40e-6, 280e-6])
        #expect(try Comparison(baseline: a, current: b).rows[0].verdict == .unchanged)
    }

    @Test func allocatorThresholdsNeedNoSignificance() throws {
        let samples = Array(repeating: 100e-6, count: 50)
        let comparison = try Comparison(
            baseline: Self.document(samples, allocations: 1), current: Self.document(samples, allocations: 2),
            thresholds: [Threshold(metric: .allocs, limit: .fraction(0))])
        #expect(comparison.rows[0].verdict == .slower)
        #expect(comparison.rows[0].failed.map(\.description) == ["allocs:0%"])
    }

    @Test func overridesReplaceTheDefaultThresholds() throws {
        var random = SplitMix(seed: 4)
        let a = Self.document(Self.samples(median: 100e-6, count: 200, &random))
        let b = Self.document(Self.samples(median: 110e-6, count: 200, &random))
        let lenient = try Comparison(baseline: a, current: b, overrides: ["g/op": [Threshold(metric: .median, limit: .fraction(0.5))]])
        #expect(lenient.rows[0].verdict == .unchanged)
    }

    @Test func newAndRemovedBenchmarks() throws {
        let samples = Array(repeating: 1e-6, count: 10)
        let comparison = try Comparison(baseline: Self.document(samples, name: "old"), current: Self.document(samples, name: "new"))
        #expect(comparison.rows.map(\.verdict) == [.new, .removed])
        #expect(comparison.summary == "0 slower, 0 faster, 0 unchanged, 1 new, 1 removed")
    }

    @Test func differentBuildsOrParamsAreIncompatible() throws {
        let samples = Array(repeating: 1e-6, count: 10)
        #expect(throws: Comparison.Incompatible.self) {
            try Comparison(baseline: Self.document(samples, build: .debug), current: Self.document(samples))
        }
        do {
            _ = try Comparison(baseline: Self.document(samples, params: ["wave": "tiny"]), current: Self.document(samples))
            Issue.record("params differ: must not compare")
        } catch {
            #expect(error.description == "the runs cannot be compared: g/op ran with [wave=tiny] in the baseline and [wave=small] now")
        }
    }

    /// Two-sided p-values of scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True).
    @Test func mannWhitneyMatchesScipy() {
        #expect(abs(MannWhitney.pValue([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) - 0.012185780355344366) < 1e-9)
        #expect(abs(MannWhitney.pValue([1, 2, 2, 3, 5, 8], [2, 4, 6, 6, 9, 10, 11]) - 0.07216011300239511) < 1e-9)
        #expect(MannWhitney.pValue([1, 2, 3], [1, 2, 3]) == 1)
    }

    @Test(arguments: ["median:10%", "mean:2.5%", "min:0.001", "p99:5%", "allocs:0%", "bytes:1024"])
    func thresholdsParse(text: String) throws {
        #expect(try Threshold(parsing: text).description.hasPrefix(text.split(separator: ":")[0]))
    }

    @Test(arguments: ["median", "median:", "speed:10%", "median:-5%", "median:ten%"])
    func badThresholdsAreClearErrors(text: String) {
        #expect(throws: ThresholdSyntaxError.self) { try Threshold(parsing: text) }
    }

    @Test func savedSamplesAreCompactedToOrderStatistics() {
        let compact = BenchmarkRecord.compactSamples((0..<10_000).map { Double($0) }.shuffled())
        #expect(compact.count == BenchmarkRecord.maxSavedSamples)
        #expect(compact.first == 0 && compact.last == 9_999)
        #expect(compact == compact.sorted())
    }
}

/// The tests' own seeded generator (SplitMix64), so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
