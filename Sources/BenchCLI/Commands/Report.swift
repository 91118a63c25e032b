import ArgumentParser
import Foundation
import GateBench
import GateBenchReport

/// `bench report FILE… --output PATH.html`: one self-contained HTML page of runs, comparisons,
/// load runs, capacity scans and, with `--history`, the trends of the run history.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one self-contained HTML report (inline SVG charts, no network) of saved results.",
        discussion: """
            FILE is a run (`bench --json`), a comparison (`bench ab --json`, `bench compare --json`), a load run \
            (`bench load --json`) or a capacity scan (`bench scale --json`), told apart by their fields. \
            Exit status: 0 written, 2 a file that is not one of these, or an output that exists without --force, \
            4 an unusable history or an unwritable output.
            """)

    @Argument(help: "Result files to include, in order.")
    var files: [String] = []

    @Option(help: "The HTML file to write.")
    var output: String = "reports/report.html"

    @Flag(help: "Add each benchmark's trend from the run history, change points marked.")
    var history = false

    @OptionGroup var location: History.Location

    @OptionGroup var filter: TrendOptions

    @Option(help: "The page's title.")
    var title: String = "gatebench report"

    @Flag(help: "Replace an existing output file.")
    var force = false

    func validate() throws {
        guard !files.isEmpty || history else { throw ValidationError("Name at least one result file, or pass --history.") }
        let directory = (output as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try checkOutputPath(output, force: force)
    }

    func run() throws {
        let started = ContinuousClock.now
        let inputs = try files.map { path in
            do {
                return (path, try ReportInput.load(path))
            } catch {
                throw CommandFailure(status: .usage, message: String(describing: error))
            }
        }
        var page = HTMLReport(title: title)
        for (path, input) in inputs {
            var flameGraphs: [String] = []
            if case .run(let run) = input {
                flameGraphs = (run.profiles ?? []).filter { FileManager.default.fileExists(atPath: $0) }.map { relativePath($0, from: output) }
            }
            page.add(input, from: path, flameGraphs: flameGraphs)
        }
        if history {
            let store = try location.open(create: false)
            var trends: [(entry: RunHistory.FingerprintEntry, trends: [BenchmarkTrend])] = []
            try forEachTrend(store, filter: filter) { entry, trend in
                if trends.last?.entry.digest != entry.digest { trends.append((entry, [])) }
                trends[trends.count - 1].trends.append(trend)
            }
            for (entry, fingerprintTrends) in trends {
                page.addHistory(fingerprintTrends, fingerprint: "\(entry.summary) [\(entry.digest)]", database: location.historyDb)
            }
        }
        let html = page.html
        try writeOutput(Data(html.utf8), to: output, replacing: force)
        let elapsed = (ContinuousClock.now - started).inSeconds
        print("\(output): \(String(format: "%.1f", Double(html.utf8.count) / 1_048_576)) MiB, written in \(String(format: "%.2f", elapsed)) s")
    }
}
