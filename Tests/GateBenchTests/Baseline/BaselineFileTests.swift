import Foundation
import Testing

@testable import GateBench

struct BaselineFileTests {
    func write(_ text: String) throws -> (TemporaryFile, String) {
        let file = try TemporaryFile()
        try Data(text.utf8).write(to: URL(fileURLWithPath: file.path))
        return (file, file.path)
    }

    @Test func aSavedRunLoadsBack() throws {
        let file = try TemporaryFile()
        let document = ReportTests.document()
        try BaselineFile.save(document, to: file.path, replacing: true)
        #expect(try BaselineFile.load(file.path) == document)
        #expect(throws: AtomicFile.WriteError.self) { try BaselineFile.save(document, to: file.path, replacing: false) }
    }

    @Test(arguments: [
        ("{\"benchmarks\": [", "not valid JSON"),
        ("garbage", "not valid JSON"),
        ("{\"machine_info\": {}}", "missing `"),
        ("[1, 2, 3]", "wrong type at"),
    ])
    func corruptOrTruncatedFilesAreClearErrors(text: String, reason: String) throws {
        let (file, path) = try write(text)
        _ = file
        do {
            _ = try BaselineFile.load(path)
            Issue.record("\(text) loaded")
        } catch {
            #expect(error.description.hasPrefix("\(path): not a gatebench run ("))
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func aForeignRunIsRejectedByVersion() throws {
        let data = try ReportTests.document().encoded()
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["version"] = "5.2.3"
        let file = try TemporaryFile()
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: file.path))
        #expect(throws: BaselineFile.Failure.self) { try BaselineFile.load(file.path) }
    }

    /// The committed baselines (made before fingerprints) still load and round-trip unchanged, and
    /// their missing settings make them incomparable with a run made now.
    @Test(arguments: ["tiny", "small"])
    func committedBaselinesRoundTrip(name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Baselines/\(name).json").path
        let document = try BaselineFile.load(path)
        #expect(!document.benchmarks.isEmpty)
        #expect(document.settings == nil && document.machineInfo.sqliteVersion == nil)
        let again = try JSONDecoder().decode(RunDocument.self, from: try document.encoded())
        #expect(again == document)
        let now = Fingerprint(machine: document.machineInfo, settings: ["wave": name])
        #expect(Fingerprint(document).differences(from: now).contains { $0.hasPrefix("settings:") })
    }

    @Test func aMissingBaselineSaysHowToMakeOne() {
        #expect(throws: BaselineFile.Failure.self) { try BaselineFile.load("/nonexistent/b.json") }
        #expect(BaselineFile.Failure.missing("x.json").description.contains("bench --save NAME"))
        #expect(BaselineFile.path(for: "small") == "Baselines/small.json")
        #expect(BaselineFile.path(for: "/tmp/run.json") == "/tmp/run.json")
    }
}

/// A path in the temporary directory, removed when released.
final class TemporaryFile {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-\(UUID().uuidString).json").path
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
