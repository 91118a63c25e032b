import Foundation
import GateBench

/// Prints a `ChangeReport` in the chosen format, optionally saves it as JSON, and maps it to an exit status.
struct ComparisonOutput {
    let format: OutputFormat
    let jsonPath: String?
    let force: Bool

    /// Prints (stdout: table or markdown; with `--format json` the table goes to stderr because
    /// stdout carries the run document) and saves; throws the status the comparison ends with.
    func emit(_ report: ChangeReport, quietTable: Bool = false) throws {
        let reporter = ChangeReporter()
        switch format {
        case .markdown: print(reporter.markdown(report), terminator: "")
        case .table: print(reporter.table(report), terminator: "")
        case .json:
            if quietTable {
                FileHandle.standardError.write(Data(reporter.table(report).utf8))
            } else {
                print(String(decoding: (try? Self.encoded(report)) ?? Data(), as: UTF8.self))
            }
        }
        if let jsonPath { try writeOutput(try Self.encoded(report), to: jsonPath, replacing: force) }
    }

    /// The status a finished comparison ends with: 2 when nothing was compared, 1 on a regression.
    static func check(_ report: ChangeReport) throws {
        if report.comparedNothing {
            throw CommandFailure(
                status: .usage, message: "the two sides have no benchmark in common: nothing was compared")
        }
        if report.hasRegression {
            throw CommandFailure(status: .regression, message: "HEAD is slower than BASE (see the comparison above)")
        }
    }

    static func encoded(_ report: ChangeReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }
}
