/// Renders a run for people: the terminal table or a markdown document.
public protocol Reporter: Sendable {
    /// The report of `document`, ready to print.
    func render(_ document: RunDocument) -> String
}

extension RunDocument {
    /// The benchmarks by group (groups sorted by name), each group sorted by median, fastest first.
    public var groupedByMedian: [(group: String, records: [BenchmarkRecord])] {
        Dictionary(grouping: benchmarks, by: \.group)
            .map { (group: $0.key, records: $0.value.sorted { $0.stats.median < $1.stats.median }) }
            .sorted { $0.group < $1.group }
    }
}
