import Foundation
import Testing

@testable import LoadScenarios

struct ScenarioFileTests {
    static let valid = """
        name: mix
        workers: 3
        population: {users: 50, skew: 1.2}
        mix:
          scoped_listing: 3
          heartbeat: 1
        phases:
          - {name: warm, duration: 500ms, rate: 100, warmup: true}
          - {name: ramp, duration: 2m, rate: 10..200}
          - {name: closed, duration: 1h, users: 4, assert: false}
          - {name: capacity, search: 100..5000, step: 2s}
        assertions:
          - "p99_ms < 50"
          - "heartbeat.error_rate <= 0.01"
        """

    @Test func aValidFileReadsIntoTypedValues() throws {
        let scenario = try ScenarioFile.parse(Self.valid, file: "mix.yaml")
        #expect(scenario.name == "mix")
        #expect(scenario.workers == 3)
        #expect(scenario.population == Scenario.Population(users: 50, skew: 1.2))
        #expect(Set(scenario.mix.map(\.operation)) == [.scopedListing, .heartbeat])
        #expect(scenario.phases.map(\.duration) == [.milliseconds(500), .seconds(120), .seconds(3_600), .seconds(2)])
        #expect(
            scenario.phases.map(\.load) == [
                .rate(from: 100, to: 100), .rate(from: 10, to: 200), .users(4), .search(from: 100, cap: 5_000, step: .seconds(2)),
            ])
        #expect(scenario.phases.map(\.isWarmup) == [true, false, false, false])
        #expect(scenario.phases.map(\.isAsserted) == [false, true, false, false], "warm-ups, assert: false and searches are not asserted")
        #expect(scenario.assertions.map(\.description) == ["p99_ms < 50", "heartbeat.error_rate <= 0.01"])
        #expect(scenario.scaled(by: 0.5).phases.map(\.duration) == [.milliseconds(250), .seconds(60), .seconds(1_800), .seconds(1)])
        #expect(scenario.withMeasuredPhases(lasting: .seconds(7)).phases.map(\.duration) == [.milliseconds(500), .seconds(7), .seconds(7), .seconds(7)])
    }

    /// Each bad input names its line and field.
    @Test(arguments: [
        ("mix:\n  scoped_listing: 3\n   bad indent: [", 3, "(syntax)"),
        ("name: x\nmix:\n  scoped_listing: 1\n  teleport: 2\nphases:\n  - {duration: 1s, rate: 1}", 4, "mix.teleport"),
        ("name: x\nmix:\n  scoped_listing: -1\nphases:\n  - {duration: 1s, rate: 1}", 3, "mix.scoped_listing"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: -5}", 4, "phases[0].rate"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s}", 4, "phases[0]"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {name: a, rate: 5}", 4, "phases[0].duration"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: 5}\nassertions:\n  - \"p42_ms < 1\"", 6, "assertions[0]"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: 5}\nassertions:\n  - \"nope.p99_ms < 1\"", 6, "assertions[0]"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: 5}\ncolour: blue", 5, "colour"),
        ("name: x\nmix: {noop: 0}\nphases:\n  - {duration: 1s, rate: 5}", 2, "mix"),
        ("name: x\nworkers: 0\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: 5}", 2, "workers"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: 5, assert: maybe}", 4, "phases[0].assert"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s, users: 0..300}", 4, "phases[0].users"),
        ("name: x\nverify_scope: 2\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: 5}", 2, "verify_scope"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {search: 10..100}\nassertions: [\"p99_ms < 1\"]", 4, "phases[0].step"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {search: 100..10, step: 1s}\nassertions: [\"p99_ms < 1\"]", 4, "phases[0].search"),
        ("name: x\nmix: {noop: 1}\nphases:\n  - {duration: 1s, rate: 5}\n  - {search: 10..100, step: 1s}", 5, "phases[1].search"),
    ])
    func aBadFileIsRefusedWithItsLineAndField(text: String, line: Int, field: String) {
        do {
            _ = try ScenarioFile.parse(text, file: "bad.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.field == field, "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(line): \(field): "))
        }
    }

    @Test func usersCanRamp() throws {
        let scenario = try ScenarioFile.parse("name: r\nmix: {noop: 1}\nphases:\n  - {duration: 1s, users: 2..16}", file: "r")
        #expect(scenario.phases[0].load == .users(from: 2, to: 16))
        #expect(scenario.phases[0].peakUsers == 16)
    }

    @Test func everyBuiltInScenarioParses() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios").standardized.path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 4)
        for file in files {
            let scenario = try ScenarioFile.load(directory + "/" + file)
            #expect(scenario.name + ".yaml" == file, "a built-in scenario is named after its file")
            #expect(!scenario.assertions.isEmpty)
        }
    }

    @Test func theMixIsDrawnByWeight() {
        let picker = OperationPicker([
            Scenario.WeightedOperation(operation: .noop, weight: 3), Scenario.WeightedOperation(operation: .heartbeat, weight: 0),
            Scenario.WeightedOperation(operation: .fullListing, weight: 1),
        ])
        let draws = (0..<10_000).map { picker.pick(Double($0) / 10_000) }
        #expect(draws.filter { $0 == .noop }.count == 7_500)
        #expect(draws.filter { $0 == .fullListing }.count == 2_500)
        #expect(!draws.contains(.heartbeat))
    }
}
