/// Why the run history could not be used; every message names the file, which is left as it is.
public enum HistoryError: Error, CustomStringConvertible, Sendable {
    case missing(String)
    case unreadable(String, reason: String)
    case unwritable(String, reason: String)
    case corrupt(String, reason: String)
    case newerSchema(String, found: Int64, supported: Int64)
    /// A SQLite file with tables of its own and no gatebench schema version.
    case foreign(String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no run history yet; add a run with `bench history add RUN.json` or `bench --save NAME`"
        case .unreadable(let path, let reason): "\(path): cannot read the run history: \(reason)"
        case .unwritable(let path, let reason): "\(path): cannot write the run history: \(reason)"
        case .corrupt(let path, let reason):
            "\(path): the run history is damaged (\(reason)); it was left untouched: restore it from a copy, or move it away to start a new one"
        case .newerSchema(let path, let found, let supported):
            "\(path): the run history has schema version \(found); this bench reads version \(supported) and older. Use a newer bench, or another --history file"
        case .foreign(let path): "\(path): this SQLite file is not a gatebench run history; it was left untouched"
        }
    }
}
