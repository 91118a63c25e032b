/// The terminal report: one aligned table per group, fastest median first, units scaled per group.
public struct TableReporter: Reporter {
    public init() {}

    public func render(_ document: RunDocument) -> String {
        var output = ""
        for (group, records) in document.groupedByMedian {
            let columns = ReportColumns(records: records)
            let aligned = AlignedColumns(header: columns.headers, rows: columns.rows)
            let header = aligned.line(columns.headers)
            let rule = String(repeating: "-", count: header.count)
            let params = columns.sharedParams.map { " [\($0)]" } ?? ""
            let title = " benchmark '\(group)'\(params): \(records.count) test\(records.count == 1 ? "" : "s") "
            let side = max((header.count - title.count) / 2, 2)
            output += String(repeating: "-", count: side) + title + String(repeating: "-", count: side) + "\n"
            output += header + "\n" + rule + "\n"
            for row in columns.rows { output += aligned.line(row) + "\n" }
            output += rule + "\n"
            for derived in document.derived ?? [] where derived.group == group {
                output += "\(derived.name): \(derived.formattedValue)  [\(derived.definition)]\n"
            }
            for record in records {
                for (_, value) in record.extraInfo.sorted(by: { $0.key < $1.key }) {
                    if case .table(let table) = value { output += "\n\(record.name) \(table.rendered)\n" }
                }
            }
            output += "\n"
        }
        output += "Outliers: 1 Standard Deviation from Mean; 1.5 IQR (InterQuartile Range) from 1st Quartile and 3rd Quartile.\n"
        output += "OPS: Operations Per Second, computed as 1 / Mean (open-loop loads: the rate achieved). Allocs/op, Bytes/op: jemalloc, one extra round.\n"
        return output
    }
}
