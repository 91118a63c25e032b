import Foundation

/// Saved runs used as baselines: `Baselines/NAME.json`, or any path.
public enum BaselineFile {
    /// Why a baseline could not be used. The message names the file and what is wrong.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case missing(String)
        case unreadable(String, reason: String)
        case notARun(String, reason: String)

        public var description: String {
            switch self {
            case .missing(let path): "\(path): no such baseline; save one with `bench --save NAME`"
            case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
            case .notARun(let path, let reason): "\(path): not a gatebench run (\(reason))"
            }
        }
    }

    /// `NAME` → `<directory>/NAME.json`; anything with a `/` or ending in `.json` is a path.
    public static func path(for nameOrPath: String, directory: String = "Baselines") -> String {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") ? nameOrPath : "\(directory)/\(nameOrPath).json"
    }

    /// Loads and checks a saved run.
    public static func load(_ path: String) throws(Failure) -> RunDocument {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path, reason: error.localizedDescription)
        }
        let document: RunDocument
        do {
            document = try JSONDecoder().decode(RunDocument.self, from: data)
        } catch DecodingError.keyNotFound(let key, let context) {
            let where_ = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw .notARun(path, reason: "missing `\(where_)`")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            throw .notARun(path, reason: "wrong type at `\(context.codingPath.map(\.stringValue).joined(separator: "."))`")
        } catch DecodingError.dataCorrupted(let context) {
            throw .notARun(path, reason: "not valid JSON: \(context.debugDescription)")
        } catch {
            throw .notARun(path, reason: String(describing: error))
        }
        guard document.version.hasPrefix("gatebench ") else {
            throw .notARun(path, reason: "`version` is '\(document.version)', not gatebench's")
        }
        return document
    }

    /// Saves `document` compactly (no indentation) and atomically; refuses to replace a file unless `replacing`.
    public static func save(_ document: RunDocument, to path: String, replacing: Bool) throws(AtomicFile.WriteError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(document)
        } catch {
            throw .failed(path, reason: String(describing: error))
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try AtomicFile.write(data, to: path, replacing: replacing)
    }
}
