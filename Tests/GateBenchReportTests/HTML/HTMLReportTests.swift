import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GateBench
import LoadScenarios
import Testing

@testable import GateBenchReport

@Suite struct HTMLReportTests {
    static let loadJSON = """
        {"scenario":"default-mix","wave":"tiny","workers":2,"interrupted":false,
         "phases":[{"name":"steady <b>","load":"rate 300/s","warmup":false,"asserted":true,"seconds":3,"scheduled":900,"dropped":0,"late":0,
           "total":{"operation":"all","count":900,"ok":900,"rejected":{},"errors":0,"errorMessages":[],"cacheMisses":0,"lockRetries":0,
             "throughput":300,"p50Ms":0.5,"p95Ms":1.2,"p99Ms":2.5,"maxMs":9,
             "percentilesMs":[{"percentile":50,"value":0.5},{"percentile":90,"value":1},{"percentile":99,"value":2.5},{"percentile":99.9,"value":6},{"percentile":100,"value":9}]},
           "operations":[],
           "search":{"highestHeld":400,"lowestNotHeld":440,"steps":[
             {"rate":300,"tries":1,"achieved":300,"p99Ms":2,"dropped":0,"held":true,"failed":[]},
             {"rate":600,"tries":1,"achieved":560,"p99Ms":40,"dropped":0,"held":false,"failed":["p99_ms < 10"]},
             {"rate":400,"tries":1,"achieved":400,"p99Ms":4,"dropped":0,"held":true,"failed":[]}]}}],
         "timeline":[
           {"second":0,"phase":"steady <b>","offered":300,"achieved":299,"errors":0,"p50Ms":0.5,"p95Ms":1.1,"p99Ms":2,"operationP95Ms":{},"busyWorkers":1,"residentBytes":1000000,"cpuPercent":40},
           {"second":1,"phase":"steady <b>","offered":300,"achieved":300,"errors":2,"p50Ms":0.6,"p95Ms":1.3,"p99Ms":3,"operationP95Ms":{},"busyWorkers":1,"residentBytes":1000000,"cpuPercent":41},
           {"second":2,"phase":"ramp","offered":600,"achieved":560,"errors":0,"p50Ms":3,"p95Ms":20,"p99Ms":40,"operationP95Ms":{},"busyWorkers":2,"residentBytes":1000000,"cpuPercent":190}],
         "invariants":[{"name":"seats","held":true,"detail":"50 joined"}],
         "assertions":[{"assertion":"p99_ms < 10","measured":2.5,"held":true}],
         "leak":{"judged":false,"leaking":false,"measure":"allocated","slopeMiBPerMinute":0,"kendallTau":0,"residentSlopeMiBPerMinute":0,"seconds":3}}
        """

    /// Every `<svg>…</svg>` of the page.
    func svgs(_ html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }

    func isWellFormedXML(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test func everyKindOfResultRendersAsWellFormedChartsWithItsTextEscaped() throws {
        var run = Fixtures.run(commit: "c1", commitTime: "2026-12-01T10:00:00Z", medianNanoseconds: 120_000)
        run.benchmarks[0].extraInfo["group_commit_ramp"] = .table(
            DetailTable(
                title: "group_commit: held 1,000/s at p99 ≤ 10.0 ms", columns: ["offered/s", "p99 ms", "held"],
                rows: [["500", "1.20", "yes"], ["1,000", "4.50", "yes"], ["2,000", "31.00", "no"]]))
        run.profiles = ["reports/flamegraph-multi_tenancy-user_team_ids.svg"]
        let load = try JSONDecoder().decode(LoadReport.self, from: Data(Self.loadJSON.utf8))
        let curve = CapacityScan.Curve(
            benchmark: "multi_tenancy/user_team_ids", parameter: "teams",
            points: [("tiny", 5e3, 1e-5), ("small", 5e4, 1.1e-5), ("medium", 5e5, 1.3e-5)].map { .init(wave: $0.0, size: $0.1, median: $0.2) })
        let scan = CapacityScan(parameters: ["teams"], waves: [.init(name: "tiny", sizes: ["teams": 5_000], seconds: 1)], curves: [curve])
        var report = HTMLReport(title: "t <&> \"q\"")
        report.add(.run(run), from: "runs/a.json", flameGraphs: ["../reports/flamegraph-multi_tenancy-user_team_ids.svg"])
        report.add(.load(load), from: "load.json")
        report.add(.capacity(scan), from: "scan.json")
        report.addHistory(
            [BenchmarkTrend(benchmark: "multi_tenancy/user_team_ids", runs: (0..<12).map {
                HistoryRun(commit: "c\($0)", dirty: false, commitEpoch: Double($0), datetime: "d", median: $0 < 6 ? 1e-4 : 1.3e-4)
            })], fingerprint: "vm, release", database: "h.sqlite")
        let html = report.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>t &lt;&amp;&gt; &quot;q&quot;</title>"))
        #expect(html.contains("steady &lt;b&gt;") && !html.contains("steady <b>"))
        #expect(html.contains("href=\"../reports/flamegraph-multi_tenancy-user_team_ids.svg\""))
        #expect(!html.contains("http://") && !html.contains("https://"), "the page must not need the network")
        let charts = svgs(html)
        // Run: distribution + ramp; load: 2 timeline + percentiles + search; capacity: 1; history: 1.
        #expect(charts.count == 8)
        for chart in charts { #expect(isWellFormedXML(chart), "not well-formed: \(chart.prefix(200))") }
        #expect(html.contains("held 1k/s") || html.contains("held 1000/s") || html.contains("held 1.0k/s"))
        #expect(html.contains("+30.0% at c6"))
    }

    @Test func aComparisonIsAForestSortedBySeverityWithVerdictsColoured() throws {
        let key = { (name: String) in BenchmarkKey(group: "g", name: name) }
        func sample(_ index: Int, _ factor: Double) -> RepetitionSample {
            let median: Double = 1e-4 * factor * (1 + Double(index % 3) * 0.001)
            return RepetitionSample(median: median, allocationsPerOp: nil, allocationsExact: false)
        }
        func series(_ name: String, _ factor: Double) -> BenchmarkSeries {
            let base: [RepetitionSample] = (0..<10).map { sample($0, 1) }
            let head: [RepetitionSample] = (0..<10).map { sample($0, factor) }
            return BenchmarkSeries(key: key(name), base: base, head: head, paired: true)
        }
        let comparison = ChangeReport(series: [series("same", 1.0), series("slow", 1.2)])
        var report = HTMLReport(title: "ab")
        report.add(.comparison(comparison), from: "ab.json")
        let html = report.html
        let slow = try #require(html.range(of: "<td class=\"name\">g/slow"))
        let same = try #require(html.range(of: "<td class=\"name\">g/same"))
        #expect(slow.lowerBound < same.lowerBound)
        #expect(html.contains("<span class=\"slower\">slower</span>"))
        for chart in svgs(html) { #expect(isWellFormedXML(chart)) }
    }

    /// `bench matrix --json` read back: the medians by column, the PostgreSQL ÷ SQLite ratio with its bar.
    @Test func anEngineMatrixIsReadBackAndRenderedWithItsRatios() throws {
        let directory = try Fixtures.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlite = Fixtures.run(commit: "a", commitTime: "2026-12-01T00:00:00Z", medianNanoseconds: 100_000)
        let postgres = Fixtures.run(commit: "a", commitTime: "2026-12-01T00:00:00Z", medianNanoseconds: 250_000)
        let matrix = EngineMatrix(runs: [("sqlite", sqlite), ("postgres", postgres)])
        let path = "\(directory)/matrix.json"
        try matrix.encoded().write(to: URL(fileURLWithPath: path))
        guard case .matrix(let read) = try ReportInput.load(path) else {
            Issue.record("a matrix file was not read as a matrix")
            return
        }
        #expect(read.columns == ["sqlite", "postgres"])
        #expect(read.rows.map(\.benchmark) == ["multi_tenancy/user_team_ids"])
        let ratio = try #require(read.postgresOverSQLite.first ?? nil)
        #expect(abs(ratio - 2.5) < 0.1, "\(ratio)")
        #expect(read.text().contains("2.5") && read.markdown().hasPrefix("| benchmark | sqlite | postgres | postgres ÷ sqlite |"))
        var report = HTMLReport(title: "engines")
        report.add(.matrix(read), from: path)
        let html = report.html
        #expect(html.contains("Engines: matrix.json"))
        #expect(html.contains("postgres ÷ sqlite"))
        #expect(html.contains("#e45756"), "a slower PostgreSQL is drawn red")
    }

    @Test func aFileThatIsNotAResultIsRefusedByName() throws {
        let directory = try Fixtures.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/notes.json"
        try Data("{\"hello\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try ReportInput.load(path)
        } throws: { error in
            String(describing: error).hasPrefix(path) && String(describing: error).contains("not a gatebench result")
        }
        try Data("[1, 2".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ReportInput.Failure.self) { _ = try ReportInput.load(path) }
    }
}
