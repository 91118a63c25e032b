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

    @Option(help: "The run history --history reads.")
    var historyDb: String = RunHistory.defaultPath

    @Option(help: "With --history: only benchmarks whose name matches this regular expression.")
    var benchmark: String?

    @Option(help: "The page's title.")
    var title: String = "gatebench report"

    @Flag(help: "Replace an existing output file.")
    var force = false

    func validate() throws {
        guard !files.isEmpty || history else { throw ValidationError("Name at least one result file, or pass --history.") }
        if let benchmark, (try? Regex(benchmark)) == nil { throw ValidationError("--benchmark '\(benchmark)' is not a regular expression.") }
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
            let store: RunHistory
            do {
                store = try RunHistory(path: historyDb, create: false)
                for entry in try store.fingerprints() {
                    let names = try store.benchmarks(fingerprint: entry.digest).filter(matchesBenchmark)
                    let trends = try names.map { try BenchmarkTrend(benchmark: $0, runs: store.runs(benchmark: $0, fingerprint: entry.digest)) }
                    page.addHistory(trends, fingerprint: entry.summary, database: historyDb)
                }
            } catch {
                throw CommandFailure(status: .environment, message: String(describing: error))
            }
        }
        let html = page.html
        try writeOutput(Data(html.utf8), to: output, replacing: force)
        let elapsed = (ContinuousClock.now - started).inSeconds
        print("\(output): \(String(format: "%.1f", Double(html.utf8.count) / 1_048_576)) MiB, written in \(String(format: "%.2f", elapsed)) s")
    }

    private func matchesBenchmark(_ name: String) -> Bool {
        guard let benchmark, let regex = try? Regex(benchmark) else { return true }
        return name.contains(regex)
    }
}
