import ArgumentParser
import Foundation
import GateBench
import GateBenchmarks

/// `bench compare BASE HEAD`: the verdict engine on saved runs, offline.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare saved runs offline: each side a run's JSON or a directory of them (one repetition each).",
        discussion: """
            Runs must share a fingerprint (host, CPU, kernel, Swift, jemalloc, SQLite, build, settings). With one \
            repetition a side, intervals come from this machine's noise profile (`bench noise`) or a conservative \
            10 %, so only changes far outside the noise get a verdict. Exit status: 0 no regression, 1 regression, \
            2 unreadable, incomparable, or nothing in common.
            """)

    @Argument(help: "The base side: a saved run (.json) or a directory of saved runs.")
    var base: String

    @Argument(help: "The head side: a saved run (.json) or a directory of saved runs.")
    var head: String

    @OptionGroup var verdict: VerdictOptions

    @Option(help: "Where noise profiles are kept (bench noise).")
    var dataDir: String = ".benchdata"

    @Option(help: "How the comparison is printed on stdout.")
    var format: OutputFormat = .table

    @Option(help: "Also save the comparison as JSON at this path.")
    var json: String?

    @Flag(help: "Replace an existing --json file.")
    var force = false

    func validate() throws {
        try checkOutputPath(json, force: force)
    }

    func run() throws {
        let before = try load(base), after = try load(head)
        var differences: [String] = []
        for (label, runs) in [("BASE", before), ("HEAD", after)] {
            for (path, run) in runs.dropFirst() where Fingerprint(run) != Fingerprint(runs[0].1) {
                differences += Fingerprint(runs[0].1).differences(from: Fingerprint(run)).map { "\(label) \(path): \($0)" }
            }
        }
        differences += Fingerprint(before[0].1).differences(from: Fingerprint(after[0].1))
        differences += Fingerprint.paramDifferences(base: before.map(\.1), head: after.map(\.1))
        if !differences.isEmpty && !verdict.allowMachineMismatch {
            throw CommandFailure(
                status: .usage,
                message: "the runs cannot be compared: " + differences.joined(separator: "; ")
                    + ". Compare builds on one machine with `bench ab`, or pass --allow-machine-mismatch.")
        }
        let noise = NoiseProfile.load(for: Fingerprint(after[0].1), dataDirectory: dataDir)
        let report = ChangeReport(
            series: BenchmarkSeries.fromRuns(base: before.map(\.1), head: after.map(\.1)),
            threshold: verdict.thresholdFraction,
            thresholdOverrides: BenchSuite.current.make(SuiteOptions()).thresholdOverrides,
            noise: noise?.repetitionNoise ?? [:], notComparable: differences)
        try ComparisonOutput(format: format, jsonPath: json, force: force).emit(report)
        try ComparisonOutput.check(report)
    }

    /// The saved runs at `path`: the file, or every `.json` file of the directory.
    private func load(_ path: String) throws -> [(String, RunDocument)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure(status: .usage, message: "\(path): no such file or directory")
        }
        let files =
            isDirectory.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
                .map { "\(path)/\($0)" } : [path]
        guard !files.isEmpty else { throw CommandFailure(status: .usage, message: "\(path): no saved run (.json) in it") }
        return try files.map { file in
            do {
                return (file, try BaselineFile.load(file))
            } catch {
                throw CommandFailure(status: .usage, message: String(describing: error))
            }
        }
    }
}
