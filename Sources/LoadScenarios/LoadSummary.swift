import GateBench

/// A load report as text: per phase, its load and one row per operation; then each assertion.
public struct LoadSummary {
    public let text: String

    /// Aligned terminal tables, or GitHub markdown tables when `markdown`.
    public init(_ report: LoadReport, markdown: Bool = false) {
        let engine = report.backend.map { $0 == "sqlite" ? "" : ", \($0)" } ?? ""
        var text = markdown ? "# Load: \(report.scenario) (wave \(report.wave)\(engine))\n\n"
            : "load \(report.scenario), wave \(report.wave)\(engine), \(report.workers) workers\n"
        if report.interrupted { text += markdown ? "**Interrupted**: the phases below ran.\n\n" : "INTERRUPTED: the phases below ran.\n" }
        let columns = ["operation", "requests", "ok", "rejected", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"]
        for phase in report.phases {
            let role = phase.warmup ? " (warm-up)" : phase.asserted ? "" : " (not asserted)"
            var header = "\(phase.name)\(role): \(phase.load), " + formatted(phase.seconds, decimals: 1) + " s"
            if let lateness = phase.startLatenessP99Ms {
                header += ", scheduled \(phase.scheduled), dropped \(phase.dropped), late \(phase.late), start lateness p99 "
                    + formatted(lateness, decimals: 3) + " ms"
            }
            let rows = (phase.operations + [phase.total]).map { operation in
                [
                    operation.operation, String(operation.count), String(operation.ok),
                    String(operation.rejected.values.reduce(0, +)), String(operation.errors),
                    formatted(operation.throughput, decimals: 1), formatted(operation.p50Ms, decimals: 3),
                    formatted(operation.p95Ms, decimals: 3), formatted(operation.p99Ms, decimals: 3), formatted(operation.maxMs, decimals: 3),
                ]
            }
            if markdown {
                text += "## \(header)\n\n| " + columns.joined(separator: " | ") + " |\n|:---|" + String(repeating: "---:|", count: columns.count - 1) + "\n"
                text += rows.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined() + "\n"
            } else {
                let aligned = AlignedColumns(header: columns, rows: rows)
                text += "\n" + header + "\n" + aligned.line(columns) + "\n" + rows.map { aligned.line($0) + "\n" }.joined()
            }
            if let search = phase.search {
                let columns = ["offered/s", "tries", "achieved/s", "p99 ms", "dropped", "held", "failed"]
                let rows = search.steps.map { step in
                    [
                        formatted(step.rate, decimals: 0), String(step.tries), formatted(step.achieved, decimals: 0),
                        formatted(step.p99Ms, decimals: 2), String(step.dropped), step.held ? "yes" : "no",
                        step.failed.joined(separator: "; "),
                    ]
                }
                let aligned = AlignedColumns(header: columns, rows: rows, leftAligned: [6])
                text += "  capacity: every assertion held at " + (search.highestHeld.map { formatted($0, decimals: 0) + "/s" } ?? "no rate tried")
                    + (search.lowestNotHeld.map { ", not at " + formatted($0, decimals: 0) + "/s" } ?? "") + "\n"
                text += (markdown ? "\n```\n" : "") + ([aligned.line(columns)] + rows.map(aligned.line)).map { "  " + $0 + "\n" }.joined()
                    + (markdown ? "```\n" : "")
            }
            if let bottleneck = phase.bottleneck {
                let shares = bottleneck.shares.sorted { $0.value > $1.value }
                    .map { "\($0.key) \(formatted($0.value * 100, decimals: 1)) %" }.joined(separator: ", ")
                text += (markdown ? "\n" : "") + "  time: \(shares)\(bottleneck.shares["lock wait"] == nil ? "" : " (\(bottleneck.lockRetries) lock retries)"); CPU \(formatted(bottleneck.cpuPercent, decimals: 0)) % of \(bottleneck.cores) cores"
                    + (bottleneck.knee == nil ? "" : " from the knee on") + "\n"
                if let knee = bottleneck.knee {
                    text += "  knee: p95 climbed at second \(knee.second), \(knee.offeredPerSecond)/s offered: p95 "
                        + formatted(knee.p95Ms, decimals: 2) + " ms (baseline " + formatted(knee.baselineP95Ms, decimals: 2) + " ms)"
                        + (knee.firstOperation.map { ", first \($0)" } ?? "") + "\n"
                }
                text += "  bottleneck: \(bottleneck.verdict)\n"
            }
            for operation in phase.operations where !operation.errorMessages.isEmpty {
                text += "  \(operation.operation) errors: " + operation.errorMessages.joined(separator: "; ") + "\n"
            }
        }
        if !report.invariants.isEmpty {
            text += markdown ? "\n## Invariants\n\n" : "\ninvariants:\n"
            for result in report.invariants {
                text += (markdown ? "- " : "  ") + (result.held ? "HELD " : "BROKEN ") + result.name + " (\(result.detail))\n"
            }
        }
        text += "\nmemory " + report.leak.summary + "\n"
        text += markdown ? "\n## Assertions (asserted phases)\n\n" : "\nassertions (asserted phases):\n"
        if report.assertions.isEmpty { text += "  (none)\n" }
        for result in report.assertions {
            text += (markdown ? "- " : "  ") + (result.held ? "PASS " : "FAIL ") + result.assertion + "  (measured "
                + formatted(result.measured, decimals: abs(result.measured) < 10 ? 3 : 1) + ")\n"
        }
        self.text = text
    }
}
