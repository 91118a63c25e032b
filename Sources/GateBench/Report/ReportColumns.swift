/// The columns shared by the table and markdown reports of one group.
public struct ReportColumns {
    public let headers: [String]
    public let rows: [[String]]
    /// The params every record shares (`seed=42,wave=small`), shown once in the title instead of per row.
    public let sharedParams: String?

    public init(records: [BenchmarkRecord]) {
        let params = Set(records.map { $0.param ?? "" })
        let shared = params.count == 1 ? params.first.flatMap { $0.isEmpty ? nil : $0 } : nil
        sharedParams = shared
        let unit = TimeUnit.fitting(records.map(\.stats.min).min() ?? 1)
        headers = [
            "Name", "Min (\(unit.symbol))", "Max (\(unit.symbol))", "Mean (\(unit.symbol))",
            "StdDev (\(unit.symbol))", "Median (\(unit.symbol))", "IQR (\(unit.symbol))", "p99 (\(unit.symbol))",
            "Outliers", "OPS (ops/s)", "Rounds", "Iterations", "Allocs/op", "Bytes/op",
        ]
        rows = records.map { record in
            let stats = record.stats
            let allocations = record.extraNumber(BenchmarkRecord.HarnessKey.allocationsPerOp)
            let bytes = record.extraNumber(BenchmarkRecord.HarnessKey.bytesAllocatedPerOp)
            return [
                record.name + (shared == nil ? record.param.map { "[\($0)]" } ?? "" : "")
                    + (record.isOptimizedAway ? " (OPTIMIZED AWAY)" : ""),
                unit.format(stats.min), unit.format(stats.max), unit.format(stats.mean), unit.format(stats.stddev),
                unit.format(stats.median), unit.format(stats.iqr),
                record.extraNumber(BenchmarkRecord.HarnessKey.p99).map(unit.format) ?? "-",
                stats.outliers, formatOps(stats.ops), String(stats.rounds), String(stats.iterations),
                allocations.map { formatted($0, decimals: $0 == $0.rounded() ? 0 : 2) } ?? "-",
                bytes.map(formatBytes) ?? "-",
            ]
        }
    }
}
