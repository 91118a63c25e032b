import Foundation
import GateBench
import LoadScenarios

/// One self-contained HTML page from runs, comparisons, load runs, capacity scans and history
/// trends: tables, and charts drawn as inline SVG (no script library, no network).
///
/// ```swift
/// var report = HTMLReport(title: "gatebench")
/// report.add(try ReportInput.load("run.json"), from: "run.json")
/// try report.html.write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct HTMLReport {
    public var title: String
    private var sections: [(id: String, label: String, html: String)] = []

    public init(title: String) {
        self.title = title
    }

    /// Adds a section for `input`, read from `path`. `flameGraphs` are links (relative to the page) to profiles of the run.
    public mutating func add(_ input: ReportInput, from path: String, flameGraphs: [String] = []) {
        let id = "s\(sections.count + 1)"
        switch input {
        case .run(let run): sections.append((id, "run \(Self.fileName(path))", runSection(run, path: path, flameGraphs: flameGraphs)))
        case .comparison(let report): sections.append((id, "comparison \(Self.fileName(path))", comparisonSection(report, path: path)))
        case .load(let load): sections.append((id, "load \(load.scenario)", loadSection(load, path: path)))
        case .capacity(let scan): sections.append((id, "capacity", capacitySection(scan, path: path)))
        case .matrix(let matrix): sections.append((id, "engines", matrixSection(matrix, path: path)))
        }
    }

    /// Adds each benchmark's trend on one machine fingerprint, change points marked.
    public mutating func addHistory(_ trends: [BenchmarkTrend], fingerprint: String, database: String) {
        var html = "<h2>History: \(HTML.escape(fingerprint))</h2>"
        let statistic = trends.first?.statistic.rawValue ?? "median"
        html += "<p class=\"note\">From \(HTML.escape(database)): one point per commit (the median over its runs of each run's \(statistic)); change points by E-Divisive means (α = 0.5, permutation test at p ≤ 0.005); runs of other machines or settings are never mixed in.</p>"
        let changes = trends.flatMap { trend in trend.changes.map { (trend.benchmark, $0) } }
        if !changes.isEmpty {
            html += HTML.table(
                ["benchmark", "commit", "before", "after", "change", "p"],
                changes.map { benchmark, change in
                    [
                        benchmark, String(change.commit.prefix(12)), TimeUnit.readable(change.before), TimeUnit.readable(change.after),
                        String(format: "%+.1f %%", change.change * 100), String(format: "%.3f", change.pValue),
                    ]
                })
        }
        html += "<div class=\"charts\">"
        for trend in trends {
            if let svg = TrendChart.svg(trend) { html += "<div data-benchmark=\"\(HTML.escape(trend.benchmark))\">\(svg)</div>" }
        }
        html += "</div>"
        sections.append(("s\(sections.count + 1)", "history", html))
    }

    /// The page.
    public var html: String {
        HTML.page(
            title: title, navigation: sections.map { ($0.id, $0.label) },
            body: sections.map { "<section id=\"\($0.id)\">\n\($0.html)\n</section>" }.joined(separator: "\n"))
    }

    // MARK: - Sections

    private func runSection(_ run: RunDocument, path: String, flameGraphs: [String]) -> String {
        var html = "<h2>Run \(HTML.escape(Self.fileName(path)))</h2>" + facts(run)
        if !flameGraphs.isEmpty {
            html += "<h3>Flame graphs of this run</h3><p>"
                + flameGraphs.map { "<a href=\"\(HTML.escape($0))\">\(HTML.escape(Self.fileName($0)))</a>" }.joined(separator: " · ") + "</p>"
        }
        for (group, records) in run.groupedByMedian {
            let columns = ReportColumns(records: records)
            html += "<h3>\(HTML.escape(group))\(columns.sharedParams.map { " [\(HTML.escape($0))]" } ?? "")</h3>"
            html += HTML.table(columns.headers, columns.rows)
            for derived in run.derived ?? [] where derived.group == group {
                html += "<p><b>\(HTML.escape(derived.name))</b>: \(HTML.escape(derived.formattedValue)) <span class=\"note\">[\(HTML.escape(derived.definition))]</span></p>"
            }
            html += "<div class=\"charts\">"
            for record in records {
                let name = "\(record.group)/\(record.name)"
                if record.isOptimizedAway {
                    html += "<p class=\"warn\" data-benchmark=\"\(HTML.escape(name))\">\(HTML.escape(name)): optimized away, its times mean nothing</p>"
                    continue
                }
                if record.options.mode == "self-measured" {
                    if let svg = PercentileChart.svg(
                        title: "\(name): latency by percentile (\(record.stats.data.count) saved order statistics)",
                        series: [("latency", Self.ladder(record.stats.data))])
                    {
                        html += "<div data-benchmark=\"\(HTML.escape(name))\">\(svg)</div>"
                    }
                } else if let svg = DistributionChart.svg(record) {
                    html += "<div data-benchmark=\"\(HTML.escape(name))\">\(svg)</div>"
                }
                for (key, value) in record.extraInfo.sorted(by: { $0.key < $1.key }) {
                    guard case .table(let table) = value, let svg = Self.ramp(table, title: "\(name) \(key)") else { continue }
                    html += "<div data-benchmark=\"\(HTML.escape(name))\">\(svg)</div>"
                }
            }
            html += "</div>"
            for record in records {
                for (key, value) in record.extraInfo.sorted(by: { $0.key < $1.key }) {
                    guard case .table(let table) = value else { continue }
                    html += "<details data-benchmark=\"\(HTML.escape(record.group + "/" + record.name))\"><summary>\(HTML.escape(record.name)) \(HTML.escape(key)): \(HTML.escape(table.title))</summary>"
                        + HTML.table(table.columns, table.rows) + "</details>"
                }
            }
        }
        return html
    }

    private func comparisonSection(_ report: ChangeReport, path: String) -> String {
        var html = "<h2>Comparison \(HTML.escape(Self.fileName(path)))</h2>"
        html += "<p><b>\(HTML.escape(report.summary))</b></p>"
        if !report.notComparable.isEmpty {
            html += "<p class=\"warn\">Not comparable, nothing gated: \(HTML.escape(report.notComparable.joined(separator: "; ")))</p>"
        }
        let span = max(
            0.05, (report.rows.compactMap { $0.estimate.map { max(abs($0.lowChange), abs($0.highChange)) } }.max() ?? 0) * 1.1)
        html += "<p class=\"note\">Each bar: HEAD's change against BASE with its confidence interval (family-wise α = \(report.policy.familyAlpha)); the grey band is the threshold. Axis: ±\(String(format: "%.1f", span * 100)) %. Sorted by severity.</p>"
        let rows = report.rows.map { row -> [String] in
            let change = row.estimate.map { String(format: "%+.2f %% [%+.2f, %+.2f]", $0.change * 100, $0.lowChange * 100, $0.highChange * 100) } ?? "-"
            return [
                row.key.description, "<span class=\"\(row.verdict.rawValue)\">\(row.verdict.rawValue)</span>",
                row.baseMedian.map(TimeUnit.readable) ?? "-", row.headMedian.map(TimeUnit.readable) ?? "-", HTML.escape(change),
                ForestColumn.svg(row, span: span), String(format: "±%.1f %%", row.threshold * 100),
                row.series.map { "\($0.base.count)/\($0.head.count)" } ?? "-",
            ]
        }
        html += HTML.table(["benchmark", "verdict", "BASE", "HEAD", "change [interval]", "forest", "threshold", "repetitions"], rows, raw: [1, 4, 5])
        return html
    }

    private func loadSection(_ load: LoadReport, path: String) -> String {
        var html = "<h2>Load: \(HTML.escape(load.scenario)) (wave \(HTML.escape(load.wave)), \(load.workers) workers)\(load.interrupted ? " — interrupted" : "")</h2>"
        html += "<p class=\"note\">\(HTML.escape(Self.fileName(path)))</p>"
        let assertions = load.assertions.map { [$0.assertion, String(format: "%.3f", $0.measured), $0.held ? "held" : "FAILED"] }
        let invariants = load.invariants.map { [$0.name, $0.detail, $0.held ? "held" : "BROKEN"] }
        if !assertions.isEmpty { html += "<h3>Assertions</h3>" + HTML.table(["assertion", "measured", ""], assertions) }
        if !invariants.isEmpty { html += "<h3>Invariants</h3>" + HTML.table(["invariant", "detail", ""], invariants, numeric: false) }
        html += "<p><b>Memory</b>: \(HTML.escape(load.leak.summary))</p>"
        html += "<div class=\"charts\">" + TimelineChart.svgs(load.timeline).joined() + "</div>"
        for phase in load.phases {
            html += "<h3>\(HTML.escape(phase.name)): \(HTML.escape(phase.load)), \(String(format: "%.1f", phase.seconds)) s\(phase.warmup ? " (warm-up)" : "")</h3>"
            html += HTML.table(
                ["operation", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
                (phase.operations + [phase.total]).map { operation in
                    [
                        operation.operation, String(operation.count), String(operation.errors), String(format: "%.1f", operation.throughput),
                        String(format: "%.3f", operation.p50Ms), String(format: "%.3f", operation.p95Ms), String(format: "%.3f", operation.p99Ms),
                        String(format: "%.3f", operation.maxMs),
                    ]
                })
            var charts: [String] = []
            let series = (phase.operations + [phase.total]).compactMap { operation in
                operation.percentilesMs.flatMap { $0.isEmpty ? nil : (operation.operation, $0) }
            }
            if let svg = PercentileChart.svg(title: "\(phase.name): latency by percentile", series: series) { charts.append(svg) }
            if let search = phase.search {
                let steps = search.steps.map { RampChart.Step(offered: $0.rate, p99Milliseconds: $0.p99Ms, held: $0.held) }
                if let svg = RampChart.svg(title: "\(phase.name): capacity search", steps: steps, boundMilliseconds: nil) { charts.append(svg) }
            }
            html += "<div class=\"charts\">" + charts.joined() + "</div>"
        }
        return html
    }

    private func capacitySection(_ scan: CapacityScan, path: String) -> String {
        var html = "<h2>Capacity across waves</h2>"
        let table = CapacityTable(scan)
        let tables = table.tables
        html += HTML.table(
            ["wave"] + tables + ["seconds", ""],
            scan.waves.map { wave in
                [wave.name] + tables.map { wave.sizes[$0].map(String.init) ?? "-" } + [String(format: "%.1f", wave.seconds), wave.skipped ?? ""]
            })
        html += "<p class=\"note\">Each benchmark's median against each size: time = fixed + coefficient × f(n), fitted by relative least squares; the simplest shape within 2 points of the smallest residual is chosen. A bend is a change of log-log slope of 0.4 or more.</p>"
        html += HTML.table(table.header, table.rows)
        html += "<div class=\"charts\">"
        for curve in scan.fits {
            if let svg = CapacityChart.svg(curve) { html += "<div data-benchmark=\"\(HTML.escape(curve.benchmark))\">\(svg)</div>" }
        }
        return html + "</div>"
    }

    /// The matrix table, its ratio column drawn as a bar on a log scale (1× in the middle).
    private func matrixSection(_ matrix: EngineMatrix, path: String) -> String {
        var html = "<h2>Engines: \(HTML.escape(Self.fileName(path)))</h2>"
        if let run = matrix.columns.first.flatMap({ matrix.runs[$0] }) { html += facts(run) }
        html += "<p class=\"note\">The median of each benchmark in each engine combination, one `bench run` per combination at the same wave and timing, in turn; \"—\" where the combination has no version of the benchmark.</p>"
        let (header, cells) = matrix.cells
        let ratios = matrix.postgresOverSQLite
        let rows = zip(cells, ratios).map { row, ratio -> [String] in
            guard matrix.hasRatio, let ratio else { return row.map(HTML.escape) }
            // 1× at 60 px; each decade 40 px either way, clamped to 1/100…100×.
            let width = max(0, min(120, 60 + 40 * log10(ratio)))
            let color = ratio > 1 ? "#e45756" : "#54a24b"
            let bar = "<span style=\"display:inline-block;width:120px;height:10px;background:#eee;position:relative;vertical-align:middle;margin-right:6px\">"
                + "<span style=\"position:absolute;left:\(Int(min(60, width)))px;width:\(Int(abs(width - 60)))px;height:10px;background:\(color)\"></span>"
                + "<span style=\"position:absolute;left:60px;width:1px;height:10px;background:#333\"></span></span>"
            return row.dropLast().map(HTML.escape) + [bar + "<span style=\"display:inline-block;min-width:4.5em\">\(HTML.escape(row.last ?? ""))</span>"]
        }
        html += HTML.table(header, rows, raw: Set(header.indices))
        return html
    }

    // MARK: - Pieces

    private func facts(_ run: RunDocument) -> String {
        let machine = run.machineInfo
        var items: [(String, String)] = [
            ("date", run.datetime), ("commit", "\(run.commitInfo.id.prefix(12))\(run.commitInfo.dirty ? " (dirty)" : "") on \(run.commitInfo.branch)"),
            ("host", "\(machine.node): \(machine.cpu.count) × \(machine.cpu.brandRaw), \(machine.memoryBytes / 1_073_741_824) GiB, \(machine.system) \(machine.release)"),
            ("build", "\(machine.build.rawValue), Swift \(machine.swiftVersion), jemalloc \(machine.jemallocVersion), SQLite \(machine.sqliteVersion ?? "-")"),
            ("fingerprint", Fingerprint(run).digest), ("version", run.version),
        ]
        if let settings = run.settings { items.append(("settings", settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))) }
        var html = "<dl class=\"facts\">" + items.map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>" }.joined() + "</dl>"
        if machine.build == .debug { html += "<p class=\"warn\">A debug build: these times mean nothing.</p>" }
        return html
    }

    /// A ramp chart from a benchmark's search table, when it has offered/s, p99 ms and held columns.
    private static func ramp(_ table: DetailTable, title: String) -> String? {
        guard let offered = table.columns.firstIndex(of: "offered/s"), let p99 = table.columns.firstIndex(of: "p99 ms"),
            let held = table.columns.firstIndex(of: "held")
        else { return nil }
        func number(_ text: String) -> Double? { Double(text.replacingOccurrences(of: ",", with: "")) }
        let steps = table.rows.compactMap { row -> RampChart.Step? in
            guard row.count > max(offered, p99, held), let rate = number(row[offered]), let latency = number(row[p99]) else { return nil }
            return RampChart.Step(offered: rate, p99Milliseconds: latency, held: row[held] == "yes")
        }
        let bound = table.title.range(of: #"p99 ≤ ([0-9.,]+) ms"#, options: .regularExpression).flatMap { match in
            number(String(table.title[match]).replacingOccurrences(of: "p99 ≤ ", with: "").replacingOccurrences(of: " ms", with: ""))
        }
        return RampChart.svg(title: title, steps: steps, boundMilliseconds: bound)
    }

    /// The percentile ladder of saved samples (seconds), in milliseconds, up to what their count can show.
    static func ladder(_ samples: [Double]) -> [PercentileValue] {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return [] }
        return PercentileValue.ladder.filter { 1 - $0 / 100 >= 1 / Double(sorted.count) }.map { percentile in
            PercentileValue(percentile: percentile, value: sorted[min(sorted.count - 1, Int(percentile / 100 * Double(sorted.count)))] * 1e3)
        } + [PercentileValue(percentile: 100, value: sorted.last! * 1e3)]
    }

    static func fileName(_ path: String) -> String { (path as NSString).lastPathComponent }
}
