import Foundation
import Testing

@testable import GateBench

/// Report-level rules: new/removed, allocation gating, fingerprints, comparisons that compared nothing.
struct ChangeReportTests {
    static let key = BenchmarkKey(group: "g", name: "op")

    static func samples(_ medians: [Double], allocations: Double = 10, exact: Bool = true) -> [RepetitionSample] {
        medians.map { RepetitionSample(median: $0, allocationsPerOp: allocations, allocationsExact: exact) }
    }

    @Test func moreExactAllocationsAreARegressionEvenWhenTimesAreUnchanged() {
        let times = Array(repeating: 100e-6, count: 12)
        let series = BenchmarkSeries(
            key: Self.key, base: Self.samples(times, allocations: 10), head: Self.samples(times, allocations: 11), paired: true)
        let report = ChangeReport(series: [series])
        #expect(report.rows[0].verdict == .unchanged)
        #expect(report.rows[0].allocations?.verdict == .more)
        #expect(report.hasRegression)
    }

    @Test func asyncAllocationCountsAreNeverGated() {
        let times = Array(repeating: 100e-6, count: 12)
        let series = BenchmarkSeries(
            key: Self.key, base: Self.samples(times, allocations: 10, exact: false),
            head: Self.samples(times, allocations: 50, exact: false), paired: true)
        let report = ChangeReport(series: [series])
        #expect(report.rows[0].allocations?.verdict == .notGated)
        #expect(!report.hasRegression)
    }

    @Test func newAndRemovedAreListedAndNothingInCommonComparesNothing() {
        let onlyHead = BenchmarkSeries(key: BenchmarkKey(group: "g", name: "new"), base: [], head: Self.samples([1e-6]), paired: false)
        let onlyBase = BenchmarkSeries(key: BenchmarkKey(group: "g", name: "old"), base: Self.samples([1e-6]), head: [], paired: false)
        let report = ChangeReport(series: [onlyHead, onlyBase])
        #expect(Set(report.rows.map(\.verdict)) == [.new, .removed])
        #expect(report.comparedNothing)
        #expect(!report.hasRegression)
    }

    @Test func aNotComparableReportIsNeverARegression() {
        let series = BenchmarkSeries(
            key: Self.key, base: Self.samples(Array(repeating: 100e-6, count: 12)),
            head: Self.samples(Array(repeating: 200e-6, count: 12)), paired: true)
        #expect(ChangeReport(series: [series]).hasRegression)
        #expect(!ChangeReport(series: [series], notComparable: ["host: a vs b"]).hasRegression)
    }

    @Test func thresholdOverridesApplyPerBenchmark() {
        let series = BenchmarkSeries(
            key: Self.key, base: Self.samples((0..<12).map { 100e-6 * (1 + 0.001 * Double($0 % 3)) }),
            head: Self.samples((0..<12).map { 110e-6 * (1 + 0.001 * Double($0 % 3)) }), paired: true)
        #expect(ChangeReport(series: [series]).rows[0].verdict == .slower)
        #expect(ChangeReport(series: [series], thresholdOverrides: [Self.key: 0.5]).rows[0].verdict == .unchanged)
    }

    @Test func fingerprintsNameEveryDifference() throws {
        var machine = MachineInfo.current(
            clock: ClockCharacteristics(resolutionNanoseconds: 1, readOverheadNanoseconds: 20), jemallocVersion: "5.3.0",
            sqliteVersion: "3.40.1")
        machine.build = .release
        let here = Fingerprint(machine: machine, settings: ["wave": "small", "max_time": "0.2"])
        machine.node = "other-vm"
        machine.build = .debug
        let there = Fingerprint(machine: machine, settings: ["wave": "tiny", "max_time": "0.2"])
        let differences = here.differences(from: there)
        #expect(differences.contains { $0.hasPrefix("host:") })
        #expect(differences.contains { $0.hasPrefix("build:") })
        #expect(differences.contains("wave: small vs tiny"))
        #expect(here.differences(from: here).isEmpty)
        #expect(here.digest != there.digest)
        let old = Fingerprint(machine: machine, settings: nil)
        #expect(old.differences(from: there).contains { $0.hasPrefix("settings:") })
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
