import Foundation
import GateBench
import LoadScenarios

/// A file `bench report` reads: a run, a comparison, a load run, a capacity scan or an engine
/// matrix, told apart by their fields.
public enum ReportInput: Sendable {
    case run(RunDocument)
    case comparison(ChangeReport)
    case load(LoadReport)
    case capacity(CapacityScan)
    case matrix(EngineMatrix)

    /// Why a file cannot go into a report; the message names the file.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads `path` as whichever of the five kinds its top-level fields say it is.
    public static func load(_ path: String) throws(Failure) -> ReportInput {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(path: path, reason: "not a gatebench result (not a JSON object)")
        }
        let decoder = JSONDecoder()
        do {
            if object["benchmarks"] != nil && object["machine_info"] != nil {
                return .run(try BaselineFile.load(path))
            }
            if object["rows"] != nil && object["policy"] != nil { return .comparison(try decoder.decode(ChangeReport.self, from: data)) }
            if object["scenario"] != nil && object["phases"] != nil { return .load(try decoder.decode(LoadReport.self, from: data)) }
            if object["waves"] != nil && object["fits"] != nil { return .capacity(try decoder.decode(CapacityScan.self, from: data)) }
            if object["columns"] != nil && object["rows"] != nil && object["runs"] != nil {
                return .matrix(try decoder.decode(EngineMatrix.self, from: data))
            }
        } catch let failure as BaselineFile.Failure {
            throw Failure(path: path, reason: String(describing: failure).replacingOccurrences(of: "\(path): ", with: ""))
        } catch {
            throw Failure(path: path, reason: "not a valid gatebench result: \(error)")
        }
        throw Failure(
            path: path,
            reason: "not a gatebench result: expected a run (`bench --json`), a comparison (`bench ab --json`), a load run (`bench load --json`), a capacity scan (`bench scale --json`) or an engine matrix (`bench matrix --json`)")
    }
}
