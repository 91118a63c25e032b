import ArgumentParser
import Foundation
import GateBench

/// `bench flamegraph`: work on folded stacks written by `--profile cpu`.
struct Flamegraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Flame graphs from folded stacks.", subcommands: [Diff.self])

    /// `bench flamegraph diff A.folded B.folded`: where B spends time that A did not.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a differential flame graph: B's frames, red where they grew since A, blue where they shrank.")

        @Argument(help: "The folded stacks before (e.g. the baseline's).")
        var before: String

        @Argument(help: "The folded stacks after.")
        var after: String

        @Option(help: "The SVG to write.")
        var output: String = "reports/flamegraph-diff.svg"

        @Flag(help: "Replace an existing output file.")
        var force = false

        func run() throws {
            let stacks = try [before, after].map { path in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw CommandFailure(status: .usage, message: "\(path): cannot read folded stacks")
                }
                let stacks: FoldedStacks
                do {
                    stacks = try FoldedStacks(folded: text)
                } catch {
                    throw CommandFailure(status: .usage, message: "\(path): \(error)")
                }
                guard stacks.total > 0 else {
                    throw CommandFailure(status: .usage, message: "\(path): no `frame;frame;frame count` lines")
                }
                return stacks
            }
            let title = "\((after as NSString).lastPathComponent) vs \((before as NSString).lastPathComponent)"
            let graph = FlameGraph(title: title, before: stacks[0], after: stacks[1])
            let directory = (output as NSString).deletingLastPathComponent
            if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            try writeOutput(Data(graph.svg.utf8), to: output, replacing: force)
            print(output)
        }
    }
}
