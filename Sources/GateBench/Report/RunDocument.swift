import Foundation

/// A whole run as saved to JSON, in pytest-benchmark's saved-run schema, so that
/// `pytest-benchmark compare FILE.json` reads it.
public struct RunDocument: Sendable, Codable, Equatable {
    public var machineInfo: MachineInfo
    public var commitInfo: CommitInfo
    public var benchmarks: [BenchmarkRecord]
    /// ISO 8601, UTC.
    public var datetime: String
    /// `gatebench <version>`.
    public var version: String
    /// Figures derived from several benchmarks of a group (absent in files of other tools).
    public var derived: [DerivedValue]?
    /// The run's settings (wave, seed, max_time, …), part of its fingerprint; absent in older runs.
    public var settings: [String: String]?
    /// The flame graphs (SVG paths) `--profile` wrote in this run; absent when it did not profile.
    public var profiles: [String]?

    enum CodingKeys: String, CodingKey {
        case benchmarks, datetime, version, derived, settings, profiles
        case machineInfo = "machine_info", commitInfo = "commit_info"
    }

    public init(
        machineInfo: MachineInfo, commitInfo: CommitInfo, benchmarks: [BenchmarkRecord], derived: [DerivedValue] = [],
        settings: [String: String]? = nil, profiles: [String] = [], date: Date = Date()
    ) {
        self.profiles = profiles.isEmpty ? nil : profiles
        self.settings = settings
        self.derived = derived.isEmpty ? nil : derived
        self.machineInfo = machineInfo
        self.commitInfo = commitInfo
        self.benchmarks = benchmarks
        self.datetime = ISO8601DateFormatter().string(from: date)
        self.version = "gatebench \(GateBenchVersion.current)"
    }

    /// Pretty, key-sorted JSON.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// The tool's version, recorded in every saved run.
public enum GateBenchVersion {
    public static let current = "0.1.0"
}
