/// A benchmark's identity across runs and builds: its group and name (params are checked separately,
/// as part of the runs' fingerprints).
public struct BenchmarkKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var group: String
    public var name: String

    public init(group: String, name: String) {
        self.group = group
        self.name = name
    }

    public init(_ id: BenchmarkID) {
        self.init(group: id.group, name: id.name)
    }

    /// `group/name`.
    public var description: String { "\(group)/\(name)" }

    public static func < (a: BenchmarkKey, b: BenchmarkKey) -> Bool { (a.group, a.name) < (b.group, b.name) }
}

/// One repetition of one benchmark: what a separate process measured.
public struct RepetitionSample: Sendable, Codable, Equatable {
    /// The median of the process's rounds, in seconds per operation.
    public var median: Double
    /// Allocations per operation, when counted.
    public var allocationsPerOp: Double?
    /// False when the count may miss work done on other threads (async bodies).
    public var allocationsExact: Bool

    public init(median: Double, allocationsPerOp: Double?, allocationsExact: Bool) {
        self.median = median
        self.allocationsPerOp = allocationsPerOp
        self.allocationsExact = allocationsExact
    }

    /// A saved run's record as one repetition (its round samples are not independent draws).
    public init(_ record: BenchmarkRecord) {
        self.init(
            median: record.stats.median,
            allocationsPerOp: record.extraNumber(BenchmarkRecord.HarnessKey.allocationsPerOp),
            allocationsExact: record.extraNumber(BenchmarkRecord.HarnessKey.bytesAllocatedPerOp) != nil)
    }
}

/// Every repetition of one benchmark on both sides. `paired` when `base[i]` and `head[i]` ran back to back.
public struct BenchmarkSeries: Sendable, Codable, Equatable {
    public var key: BenchmarkKey
    public var base: [RepetitionSample]
    public var head: [RepetitionSample]
    public var paired: Bool

    public init(key: BenchmarkKey, base: [RepetitionSample], head: [RepetitionSample], paired: Bool) {
        self.key = key
        self.base = base
        self.head = head
        self.paired = paired
    }
}

extension BenchmarkSeries {
    /// Series from saved runs: each run of a side is one repetition of each benchmark it holds.
    /// Unpaired (saved runs carry no pairing); benchmarks on one side only get an empty other side.
    public static func fromRuns(base: [RunDocument], head: [RunDocument]) -> [BenchmarkSeries] {
        func samples(_ runs: [RunDocument]) -> [BenchmarkKey: [RepetitionSample]] {
            var result: [BenchmarkKey: [RepetitionSample]] = [:]
            for run in runs {
                for record in run.benchmarks {
                    result[BenchmarkKey(group: record.group, name: record.name), default: []].append(RepetitionSample(record))
                }
            }
            return result
        }
        let before = samples(base), after = samples(head)
        return Set(before.keys).union(after.keys).sorted().map {
            BenchmarkSeries(key: $0, base: before[$0] ?? [], head: after[$0] ?? [], paired: false)
        }
    }
}
