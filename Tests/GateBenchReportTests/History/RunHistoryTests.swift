import Foundation
import GateSQLite
import Testing

@testable import GateBenchReport

@Suite struct RunHistoryTests {
    func commitTime(_ index: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 3_600))
    }

    @Test func runsAreStoredOncePerCommitOrderedByCommitTimeAndKeptApartByFingerprint() throws {
        let directory = try Fixtures.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let history = try RunHistory(path: "\(directory)/nested/history.sqlite", create: true)
        // Added out of order: the trend follows commit time, not insertion.
        for index in [2, 0, 1] {
            let run = Fixtures.run(commit: "c\(index)", commitTime: commitTime(index), medianNanoseconds: UInt64(100_000 + index * 1_000))
            #expect(try history.add(run, source: "run\(index).json") == .added(benchmarks: 1))
        }
        let again = Fixtures.run(commit: "c0", commitTime: commitTime(0), medianNanoseconds: 100_000)
        #expect(try history.add(again, source: "again.json") == .alreadyPresent)
        try history.add(Fixtures.run(commit: "c0", commitTime: commitTime(0), medianNanoseconds: 500_000, host: "other"), source: "x")
        let fingerprints = try history.fingerprints()
        #expect(fingerprints.count == 2)
        let vm = try #require(fingerprints.first { $0.summary.hasPrefix("vm") })
        #expect(vm.runs == 3)
        let runs = try history.runs(benchmark: "multi_tenancy/user_team_ids", fingerprint: vm.digest)
        #expect(runs.map(\.commit) == ["c0", "c1", "c2"])
        #expect(runs.allSatisfy { $0.median < 200e-6 })
        #expect(runs.allSatisfy { $0.min <= $0.median && $0.min > 0 })
        #expect(try history.benchmarks(fingerprint: vm.digest) == ["multi_tenancy/user_team_ids"])
    }

    @Test func aNewerSchemaIsRefusedAndLeftAsItIs() throws {
        let directory = try Fixtures.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/history.sqlite"
        _ = try RunHistory(path: path, create: true)
        try SQLiteConnection(path: path).execute("PRAGMA user_version = 99")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try RunHistory(path: path, create: true)
        } throws: { error in
            guard case .newerSchema(_, let found, _) = error as? HistoryError else { return false }
            return found == 99 && String(describing: error).contains(path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aCorruptFileIsRefusedNeverRecreated() throws {
        let directory = try Fixtures.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/history.sqlite"
        let history = try RunHistory(path: path, create: true)
        try history.add(Fixtures.run(commit: "c0", commitTime: commitTime(0), medianNanoseconds: 100_000), source: "r")
        // Damage the file: keep SQLite's header, overwrite the pages after it.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for index in 120..<bytes.count { bytes[index] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try RunHistory(path: path, create: true)
        } throws: { error in
            guard case .corrupt = error as? HistoryError else { return false }
            return String(describing: error).contains("left untouched")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: HistoryError.self) { _ = try RunHistory(path: path, create: true) }
    }

    @Test func anotherProgramsDatabaseIsRefusedAndAMissingOneIsNotCreatedWhenOnlyRead() throws {
        let directory = try Fixtures.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let foreign = "\(directory)/other.sqlite"
        try SQLiteConnection(path: foreign, create: true).execute("CREATE TABLE notes(text TEXT)")
        #expect {
            _ = try RunHistory(path: foreign, create: true)
        } throws: { error in
            guard case .foreign = error as? HistoryError else { return false }
            return true
        }
        #expect(throws: HistoryError.self) { _ = try RunHistory(path: "\(directory)/absent.sqlite", create: false) }
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/absent.sqlite"))
    }

    @Test func theTrendTakesOnePointPerCommitAndFindsTheStep() throws {
        let runs = (0..<40).flatMap { commit -> [HistoryRun] in
            let base = commit >= 25 ? 110e-6 : 100e-6
            // Two runs per commit, one of them now and then slowed by the machine.
            return [
                HistoryRun(commit: "c\(commit)", dirty: false, commitEpoch: Double(commit), datetime: "a", median: base * (1 + Double(commit % 3) * 0.002)),
                HistoryRun(commit: "c\(commit)", dirty: false, commitEpoch: Double(commit), datetime: "b", median: base * (commit % 7 == 0 ? 1.6 : 1.001)),
            ]
        }
        let trend = BenchmarkTrend(benchmark: "multi_tenancy/user_team_ids", runs: runs)
        #expect(trend.points.count == 40)
        #expect(trend.points.allSatisfy { $0.runs == 2 })
        #expect(trend.changes.map(\.commit) == ["c25"])
        let change = try #require(trend.changes.first)
        #expect(abs(change.change - 0.10) < 0.02)
    }

    @Test func aTrendOfFastestRoundsSeesThroughASlowStretchOfTheMachine() throws {
        // Commits 7-13 were measured while the machine was slow: their medians are 20-40 % up, their
        // fastest rounds are not. The code got 4 % slower at commit 11.
        let runs = (0..<20).map { commit -> HistoryRun in
            let code = commit >= 11 ? 1.04 : 1.0
            let machine = (7...13).contains(commit) ? 1.2 + Double(commit % 3) * 0.1 : 1.0
            let wobble = 1 + Double(commit % 4) * 0.001
            return HistoryRun(
                commit: "c\(commit)", dirty: false, commitEpoch: Double(commit), datetime: "d", median: 108e-6 * code * machine * wobble,
                min: 103e-6 * code * wobble)
        }
        let byMedian = BenchmarkTrend(benchmark: "b", runs: runs, statistic: .median)
        #expect(!byMedian.changes.contains { $0.commit == "c11" })
        let byMin = BenchmarkTrend(benchmark: "b", runs: runs, statistic: .min)
        #expect(byMin.changes.map(\.commit) == ["c11"])
        #expect(abs(try #require(byMin.changes.first).change - 0.04) < 0.005)
    }
}
