import Foundation
import GateBenchReport

/// `--report PATH`: what a command measured, as the same self-contained HTML page `bench report` writes.
func writeReport(_ input: ReportInput, title: String, source: String, flameGraphs: [String] = [], to path: String, replacing: Bool) throws {
    var page = HTMLReport(title: title)
    page.add(input, from: source, flameGraphs: flameGraphs.map { relativePath($0, from: path) })
    try writeOutput(Data(page.html.utf8), to: path, replacing: replacing)
}
