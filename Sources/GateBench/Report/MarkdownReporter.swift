import Foundation

/// A markdown report (GitHub tables), one section per group, fastest median first.
public struct MarkdownReporter: Reporter {
    public init() {}

    public func render(_ document: RunDocument) -> String {
        var output = "# gatebench run\n\n"
        output += "`\(document.commitInfo.id.prefix(12))` on \(document.machineInfo.cpu.brandRaw) "
        output += "(\(document.machineInfo.cpu.count) cores), \(document.machineInfo.build.rawValue) build, "
        output += "\(document.datetime)\n"
        for (group, records) in document.groupedByMedian {
            let columns = ReportColumns(records: records)
            output += "\n## \(group)" + (columns.sharedParams.map { " `[\($0)]`" } ?? "") + "\n\n"
            output += "| " + columns.headers.joined(separator: " | ") + " |\n"
            output += "|" + columns.headers.indices.map { $0 == 0 ? ":---" : "---:" }.joined(separator: "|") + "|\n"
            for row in columns.rows {
                output += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
            }
            for derived in document.derived ?? [] where derived.group == group {
                output += "\n**\(derived.name)**: \(derived.formattedValue) (\(derived.definition))\n"
            }
            for record in records {
                for (_, value) in record.extraInfo.sorted(by: { $0.key < $1.key }) {
                    guard case .table(let table) = value else { continue }
                    output += "\n**\(record.name)** \(table.title)\n\n"
                    output += "| " + table.columns.joined(separator: " | ") + " |\n"
                    output += "|" + table.columns.indices.map { $0 == 0 ? ":---" : "---:" }.joined(separator: "|") + "|\n"
                    for row in table.rows { output += "| " + row.joined(separator: " | ") + " |\n" }
                }
            }
        }
        return output
    }
}
