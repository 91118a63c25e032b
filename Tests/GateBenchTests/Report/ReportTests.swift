import Foundation
import Testing

@testable import GateBench

struct ReportTests {
    static func document() -> RunDocument {
        let result = BenchmarkResult(
            id: BenchmarkID(group: "cache", name: "get_or_set_hit", params: ["wave": "tiny", "seed": "42"]),
            iterations: 1_000, warmupRounds: 4, roundNanoseconds: [50_000, 51_000, 52_000, 49_000, 50_500],
            allocator: AllocatorDelta(allocations: 2_000, bytesAllocated: 64_000, bytesFreed: 64_000, iterations: 1_000),
            peakResidentBytes: 10 << 20, extraInfo: ["hit_ratio": .number(0.97)])
        let record = BenchmarkRecord(result, mode: .automatic, configuration: RunnerConfiguration())
        let machine = MachineInfo.current(
            clock: ClockCharacteristics(resolutionNanoseconds: 1, readOverheadNanoseconds: 20), jemallocVersion: "5.3.0")
        let commit = CommitInfo(id: "abc123", time: nil, dirty: false, project: "gatebench", branch: "main")
        return RunDocument(
            machineInfo: machine, commitInfo: commit, benchmarks: [record], date: Date(timeIntervalSince1970: 0))
    }

    @Test func recordIsInSecondsWithOurFiguresInExtraInfo() throws {
        let record = try #require(Self.document().benchmarks.first)
        #expect(record.fullname == "cache/get_or_set_hit[seed=42,wave=tiny]")
        #expect(record.param == "seed=42,wave=tiny")
        #expect(abs(record.stats.median - 50.5e-9) < 1e-18)
        #expect(record.stats.iterations == 1_000)
        #expect(record.stats.data.count == 5)
        #expect(record.extraNumber(BenchmarkRecord.HarnessKey.allocationsPerOp) == 2)
        #expect(record.extraNumber(BenchmarkRecord.HarnessKey.bytesAllocatedPerOp) == 64)
        #expect(record.extraInfo["hit_ratio"] == .number(0.97))
        #expect(record.extraNumber(BenchmarkRecord.HarnessKey.p99) != nil)
    }

    @Test func jsonRoundTripsInPytestBenchmarkShape() throws {
        let document = Self.document()
        let data = try document.encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["machine_info", "commit_info", "benchmarks", "datetime", "version"])
        let benchmark = try #require((object["benchmarks"] as? [[String: Any]])?.first)
        let stats = try #require(benchmark["stats"] as? [String: Any])
        for key in ["min", "max", "mean", "stddev", "rounds", "median", "iqr", "q1", "q3", "iqr_outliers",
                    "stddev_outliers", "outliers", "ld15iqr", "hd15iqr", "ops", "total", "iterations", "data"] {
            #expect(stats[key] != nil, "stats.\(key) missing")
        }
        #expect(try JSONDecoder().decode(RunDocument.self, from: data) == document)
    }

    @Test func aBenchmarksDetailTableIsSavedAndPrintedUnderItsGroup() throws {
        var document = Self.document()
        let ramp = DetailTable(title: "group: held 100/s", columns: ["offered/s", "held"], rows: [["100", "yes"], ["200", "no"]])
        document.benchmarks[0].extraInfo["group_ramp"] = .table(ramp)
        let decoded = try JSONDecoder().decode(RunDocument.self, from: document.encoded())
        #expect(decoded.benchmarks[0].extraInfo["group_ramp"] == .table(ramp))
        let table = TableReporter().render(document)
        #expect(table.contains("get_or_set_hit group: held 100/s\noffered/s  held\n      100   yes\n      200    no\n"))
        #expect(MarkdownReporter().render(document).contains("| offered/s | held |\n|:---|---:|\n| 100 | yes |"))
    }

    @Test func tableScalesUnitsAndSortsByMedian() {
        var document = Self.document()
        var slower = document.benchmarks[0]
        slower.name = "slower"
        slower.stats.median *= 3
        document.benchmarks.insert(slower, at: 0)
        let table = TableReporter().render(document)
        #expect(table.contains("benchmark 'cache' [seed=42,wave=tiny]: 2 tests"), "shared params once, in the title")
        #expect(table.contains("Median (ns)"))
        #expect(!table.contains("get_or_set_hit[seed"))
        let fast = try? #require(table.range(of: "get_or_set_hit "))
        let slow = try? #require(table.range(of: "slower "))
        #expect(fast!.lowerBound < slow!.lowerBound)
    }

    @Test func markdownHasOneTablePerGroup() {
        let markdown = MarkdownReporter().render(Self.document())
        #expect(markdown.contains("## cache"))
        #expect(markdown.contains("| Name | Min (ns) |"))
    }

    @Test(arguments: [(0.5e-9, "ns"), (2e-6, "us"), (3e-3, "ms"), (4.0, "s")])
    func timeUnitFitsTheValue(seconds: Double, symbol: String) {
        #expect(TimeUnit.fitting(seconds).symbol == symbol)
    }

    @Test func numbersAreGrouped() {
        #expect(formatted(1234567.891, decimals: 2) == "1,234,567.89")
        #expect(formatted(-1234, decimals: 0) == "-1,234")
        #expect(formatBytes(4096) == "4.0 KiB")
        #expect(formatOps(2_500_000) == "2.5000 M")
    }
}

struct AtomicFileTests {
    @Test func writesAndRefusesToOverwrite() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.json").path
        try AtomicFile.write(Data("first".utf8), to: path, replacing: false)
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write(Data("second".utf8), to: path, replacing: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        try AtomicFile.write(Data("third".utf8), to: path, replacing: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "third")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["run.json"])
    }
}

struct DerivedFigureTests {
    @Test func medianChangeIsComputedShownAndSaved() throws {
        var document = ReportTests.document()
        var scoped = document.benchmarks[0]
        scoped.name = "scoped"
        scoped.stats.median = 110e-9
        var unscoped = document.benchmarks[0]
        unscoped.name = "unscoped"
        unscoped.stats.median = 100e-9
        document.benchmarks = [scoped, unscoped]
        var suite = Suite()
        suite.add(DerivedFigure.medianChange(group: "cache", name: "overhead", numerator: "scoped", denominator: "unscoped"))
        suite.add(DerivedFigure.medianChange(group: "cache", name: "missing", numerator: "scoped", denominator: "absent"))
        let values = suite.derivedValues(from: document.benchmarks)
        #expect(values.count == 1)
        #expect(abs(values[0].value - 0.1) < 1e-9)
        #expect(values[0].formattedValue == "+10.0 %")
        document.derived = values
        #expect(TableReporter().render(document).contains("overhead: +10.0 %  [scoped / unscoped − 1 (medians)]"))
        #expect(try JSONDecoder().decode(RunDocument.self, from: document.encoded()).derived == values)
    }
}

/// Saved runs keep at most 1,000 samples, as evenly spaced order statistics.
@Test func savedSamplesAreCompactedToOrderStatistics() {
    let compact = BenchmarkRecord.compactSamples((0..<10_000).map { Double($0) }.shuffled())
    #expect(compact.count == BenchmarkRecord.maxSavedSamples)
    #expect(compact.first == 0 && compact.last == 9_999)
    #expect(compact == compact.sorted())
}
