/// Pads the cells of a text table to their column's width: numbers right-aligned, the columns in
/// `leftAligned` (names, verdicts) on the left.
///
/// ```swift
/// let columns = AlignedColumns(header: ["Name", "Median"], rows: rows)
/// print(columns.line(["Name", "Median"]))
/// ```
public struct AlignedColumns: Sendable {
    private let widths: [Int]
    private let leftAligned: Set<Int>

    public init(header: [String], rows: [[String]], leftAligned: Set<Int> = [0]) {
        widths = header.indices.map { index in ([header[index]] + rows.map { $0[index] }).map(\.count).max() ?? 0 }
        self.leftAligned = leftAligned
    }

    /// One row, columns separated by two spaces.
    public func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            let padding = String(repeating: " ", count: widths[index] - cell.count)
            return leftAligned.contains(index) ? cell + padding : padding + cell
        }.joined(separator: "  ")
    }
}
