import Foundation
import Testing

@testable import BenchCLI

/// `bench report`, `bench history` and `bench scale` end to end through the executable.
struct ReportCommandTests {
    func temporaryDirectory() throws -> String { try BenchExecutable.temporaryDirectory("report") }

    @Test func aRunBecomesAPageAndItsHistoryATrend() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let history = directory + "/history.sqlite"
        let run = try BenchExecutable.run(
            CompareCommandTests.quick + ["--json", directory + "/run.json", "--report", directory + "/run.html"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let page = try String(contentsOfFile: directory + "/run.html", encoding: .utf8)
        #expect(page.contains("harness/spin_10us") && page.contains("<svg"))
        let added = try BenchExecutable.run(["history", "add", directory + "/run.json", "--history-db", history])
        #expect(added.status == 0, "stderr: \(added.stderr)")
        #expect(added.stdout.contains("added 1 benchmarks"))
        let again = try BenchExecutable.run(["history", "add", directory + "/run.json", "--history-db", history])
        #expect(again.stdout.contains("already in"))
        let shown = try BenchExecutable.run(["history", "show", "--history-db", history])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("harness/spin_10us on "))
        let regressions = try BenchExecutable.run(["history", "regressions", "--history-db", history])
        #expect(regressions.status == 0)
        #expect(regressions.stdout.contains("0 change points") && regressions.stdout.contains("not judged (fewer than 10 commits)"))
        let report = try BenchExecutable.run([
            "report", directory + "/run.json", "--history", "--history-db", history, "--output", directory + "/all.html",
        ])
        #expect(report.status == 0, "stderr: \(report.stderr)")
        #expect(report.stdout.contains("written in"))
        let existing = try BenchExecutable.run(["report", directory + "/run.json", "--output", directory + "/all.html"])
        #expect(existing.status == 2)
        #expect(existing.stderr.contains("already exists"))
    }

    @Test func aFileThatIsNotARunIsExitTwoNamingIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notes = directory + "/notes.json"
        try Data("{\"todo\": []}".utf8).write(to: URL(fileURLWithPath: notes))
        let output = try BenchExecutable.run(["report", notes, "--output", directory + "/r.html"])
        #expect(output.status == 2)
        #expect(output.stderr.contains(notes) && output.stderr.contains("not a gatebench result"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/r.html"))
        let added = try BenchExecutable.run(["history", "add", notes, "--history-db", directory + "/h.sqlite"])
        #expect(added.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory + "/h.sqlite"))
    }

    @Test func aDamagedHistoryIsExitFourAndLeftAsItWas() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let history = directory + "/history.sqlite"
        let garbage = Data(repeating: 0x5A, count: 8_192)
        try garbage.write(to: URL(fileURLWithPath: history))
        for command in [["history", "show"], ["history", "regressions"], ["report", "--history", "--output", directory + "/r.html"]] {
            let output = try BenchExecutable.run(command + ["--history-db", history])
            #expect(output.status == 4, "\(command): \(output.stderr)")
            #expect(output.stderr.contains(history))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: history)) == garbage)
        let missing = try BenchExecutable.run(["history", "show", "--history-db", directory + "/none.sqlite"])
        #expect(missing.status == 4)
        #expect(missing.stderr.contains("bench history add"))
    }

    @Test func badScaleFlagsAreRefusedBeforeAnythingRuns() throws {
        for (flags, message) in [
            (["--waves", "tiny,huge,small"], "unknown wave 'huge'"), (["--waves", "tiny,small"], "at least three"),
            (["--parameters", "teams,Widgets!"], "--parameters takes names"), (["--passes", "0"], "--passes"), (["--wave-limit", "-1"], "--wave-limit"),
        ] {
            let output = try BenchExecutable.run(["scale"] + flags)
            #expect(output.status == 2, "\(flags): \(output.stderr)")
            #expect(output.stderr.contains(message), "\(flags): \(output.stderr)")
        }
    }

    @Test func aDebugBuildRedirectsOnlyTheCommandsThatMeasure() {
        #expect(DebugBuildRedirect.measures([]))
        #expect(DebugBuildRedirect.measures(["--group", "multi_tenancy"]))
        #expect(DebugBuildRedirect.measures(["run", "--group", "cache"]))
        #expect(DebugBuildRedirect.measures(["load", "--scenario", "soak"]))
        #expect(!DebugBuildRedirect.measures(["--list"]))
        #expect(!DebugBuildRedirect.measures(["run", "--help"]))
        #expect(!DebugBuildRedirect.measures(["report", "a.json"]))
        #expect(!DebugBuildRedirect.measures(["history", "show"]))
        #expect(!DebugBuildRedirect.measures(["ab", "main"]))
        #expect(DebugBuildRedirect(arguments: ["bench"], environment: ["GATEBENCH_DEBUG_TIMINGS": "1"]) == nil)
    }
}

/// The report in a real browser: headless Chromium (Debian's `chromium`, installed by `make test`).
struct ReportBrowserTests {
    static let script = FileManager.default.currentDirectoryPath + "/scripts/check-report-in-browser.sh"
    static var hasChromium: Bool { BenchExecutable.which("chromium") != nil || BenchExecutable.which("chromium-browser") != nil }

    func check(_ page: String) throws -> BenchExecutable.Output {
        try BenchExecutable.run([page], executable: URL(fileURLWithPath: Self.script))
    }

    @Test(.enabled(if: hasChromium, "Chromium is not installed (apt-get install chromium)"))
    func aReportOpensWithoutConsoleErrorsAndABrokenPageIsCaught() throws {
        let directory = try BenchExecutable.temporaryDirectory("browser")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try BenchExecutable.run(
            CompareCommandTests.quick + ["--json", directory + "/run.json", "--report", directory + "/run.html"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let good = try check(directory + "/run.html")
        #expect(good.status == 0, "stderr: \(good.stderr)")
        // The check itself must be able to fail: a page with a script error.
        try Data("<!DOCTYPE html><html><body><main><script>missing();</script></main></body></html>".utf8)
            .write(to: URL(fileURLWithPath: directory + "/broken.html"))
        let broken = try check(directory + "/broken.html")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("missing is not defined"))
    }
}
