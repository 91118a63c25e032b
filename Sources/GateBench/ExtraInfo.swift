/// A figure a benchmark reports besides its timings (hit ratio, evictions, rows returned).
///
/// Stored in pytest-benchmark's `extra_info` object. Numbers are one case: JSON does not tell
/// `2` from `2.0`, and a value must read back as it was written.
public enum ExtraValue: Sendable, Codable, Equatable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    /// A small table (a load ramp, say), printed under the group's table.
    case table(DetailTable)

    /// A count, stored as a number (exact up to 2^53).
    public static func count(_ value: some BinaryInteger) -> ExtraValue { .number(Double(value)) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(DetailTable.self) {
            self = .table(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .table(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): value
        case .bool(let value): String(value)
        case .table(let value): value.rendered
        }
    }
}

/// Named extra figures of one benchmark.
public typealias ExtraInfo = [String: ExtraValue]

/// A titled table of text cells that a benchmark reports (JSON: `{"title", "columns", "rows"}`).
public struct DetailTable: Sendable, Codable, Equatable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]

    public init(title: String, columns: [String], rows: [[String]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// The title, then the table, every column right-aligned (they are mostly numbers).
    public var rendered: String {
        let aligned = AlignedColumns(header: columns, rows: rows, leftAligned: [])
        return ([title, aligned.line(columns)] + rows.map(aligned.line)).joined(separator: "\n")
    }
}
