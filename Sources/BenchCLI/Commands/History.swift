import ArgumentParser
import Foundation
import GateBench
import GateBenchReport

/// `bench history add|show|regressions`: the local run history and its change points.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep runs in a local SQLite history and find where benchmarks changed across commits.",
        discussion: """
            The history is .benchdata/history.sqlite unless --history-db says otherwise (schema: docs/history.md). \
            Trends never mix machine fingerprints: each host, build and settings has its own. Exit status: 0, \
            2 a file that is not a run, 4 a history that is missing, damaged or of a newer schema (left untouched).
            """,
        subcommands: [Add.self, Show.self, Regressions.self])

    struct Location: ParsableArguments {
        @Option(help: "The run history file.")
        var historyDb: String = RunHistory.defaultPath

        func open(create: Bool) throws -> RunHistory {
            do {
                return try RunHistory(path: historyDb, create: create)
            } catch {
                throw CommandFailure(status: .environment, message: String(describing: error))
            }
        }
    }

    /// `bench history add RUN.json…`
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store saved runs (bench --json / --save files) in the history.")

        @Argument(help: "Run files.")
        var runs: [String]

        @OptionGroup var location: Location

        func validate() throws {
            guard !runs.isEmpty else { throw ValidationError("Name at least one run file.") }
        }

        func run() throws {
            let documents = try runs.map { path in
                do {
                    return (path, try BaselineFile.load(path))
                } catch {
                    throw CommandFailure(status: .usage, message: String(describing: error))
                }
            }
            let store = try location.open(create: true)
            for (path, document) in documents {
                do {
                    switch try store.add(document, source: path) {
                    case .added(let count):
                        print("\(path): added \(count) benchmarks of \(document.commitInfo.id.prefix(12)) (\(Fingerprint(document).digest))")
                    case .alreadyPresent: print("\(path): already in \(location.historyDb)")
                    }
                } catch {
                    throw CommandFailure(status: .environment, message: String(describing: error))
                }
            }
        }
    }

    /// `bench history show [--benchmark REGEX]`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each benchmark's trend, a line per commit, per machine fingerprint.")

        @OptionGroup var filter: TrendOptions

        @OptionGroup var location: Location

        func run() throws {
            let store = try location.open(create: false)
            try forEachTrend(store, filter: filter) { entry, trend in
                print("\(trend.benchmark) on \(entry.summary) [\(entry.digest)]")
                let changed = Dictionary(uniqueKeysWithValues: trend.changes.map { ($0.index, $0) })
                let rows = trend.points.enumerated().map { index, point -> [String] in
                    let change = changed[index].map { String(format: "change point %+.1f %%", $0.change * 100) } ?? ""
                    return [String(point.commit.prefix(12)), String(point.runs), TimeUnit.readable(point.median), change]
                }
                let header = ["commit", "runs", trend.statistic.rawValue, ""]
                let aligned = AlignedColumns(header: header, rows: rows, leftAligned: [0, 3])
                print(([aligned.line(header)] + rows.map(aligned.line)).joined(separator: "\n") + "\n")
            }
        }
    }

    /// `bench history regressions`
    struct Regressions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the change points (E-Divisive means) across commits of every benchmark, per machine fingerprint.")

        @OptionGroup var filter: TrendOptions

        @OptionGroup var location: Location

        func run() throws {
            let store = try location.open(create: false)
            var rows: [[String]] = []
            var short: [String] = []
            try forEachTrend(store, filter: filter) { entry, trend in
                if trend.points.count < 2 * EDivisive().minimumSegment { short.append(trend.benchmark) }
                for change in trend.changes {
                    rows.append([
                        entry.digest, String(change.commit.prefix(12)), trend.benchmark, TimeUnit.readable(change.before),
                        TimeUnit.readable(change.after), String(format: "%+.1f %%", change.change * 100), String(format: "%.3f", change.pValue),
                    ])
                }
            }
            let header = ["fingerprint", "commit", "benchmark", "before", "after", "change", "p"]
            let aligned = AlignedColumns(header: header, rows: rows, leftAligned: [0, 1, 2])
            print(([aligned.line(header)] + rows.map(aligned.line)).joined(separator: "\n"))
            print("\(rows.count) change point\(rows.count == 1 ? "" : "s") (each run's \(filter.statistic.rawValue))")
            if !short.isEmpty {
                print("not judged (fewer than \(2 * EDivisive().minimumSegment) commits): \(Set(short).sorted().joined(separator: ", "))")
            }
        }
    }
}

/// `--benchmark REGEX --statistic median|min`: which trends of the history, and what they follow.
struct TrendOptions: ParsableArguments {
    @Option(help: "Only benchmarks whose name (group/name) matches this regular expression.")
    var benchmark: String?

    @Option(help: "The figure of each run a trend follows: its median round, or its fastest round (min), which a slow phase of the machine rarely moves.")
    var statistic: TrendStatistic = .median

    func validate() throws {
        if let benchmark, (try? Regex(benchmark)) == nil { throw ValidationError("--benchmark '\(benchmark)' is not a regular expression.") }
    }

    func matches(_ name: String) -> Bool {
        guard let benchmark, let regex = try? Regex(benchmark) else { return true }
        return name.contains(regex)
    }
}

/// Calls `body` with every benchmark's trend, fingerprint by fingerprint.
func forEachTrend(
    _ store: RunHistory, filter: TrendOptions, _ body: (RunHistory.FingerprintEntry, BenchmarkTrend) -> Void
) throws {
    do {
        for entry in try store.fingerprints() {
            for name in try store.benchmarks(fingerprint: entry.digest) where filter.matches(name) {
                let runs = try store.runs(benchmark: name, fingerprint: entry.digest)
                body(entry, BenchmarkTrend(benchmark: name, runs: runs, statistic: filter.statistic))
            }
        }
    } catch {
        throw CommandFailure(status: .environment, message: String(describing: error))
    }
}

extension TrendStatistic: ExpressibleByArgument {}
