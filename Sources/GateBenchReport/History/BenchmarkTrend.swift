import Foundation
import GateBench
import GatewayService

/// One benchmark's history on one machine fingerprint: a point per commit, and where it changed.
///
/// A commit measured several times counts once, at the median of its runs: repeated runs of a
/// commit make its point less noisy, they do not make it weigh more. Runs of a dirty working tree
/// are their own point (`abc1234+dirty`).
public struct BenchmarkTrend: Sendable {
    public struct Point: Sendable, Equatable {
        /// The commit's id, `+dirty` appended for an uncommitted tree.
        public var commit: String
        public var runs: Int
        /// The median over the commit's runs of the statistic followed (their medians, or their fastest rounds), seconds per operation.
        public var median: Double
    }

    /// A change point: the points from `index` on differ from those before it.
    public struct Change: Sendable, Equatable {
        public var index: Int
        public var commit: String
        /// Medians of the points between the neighbouring change points, seconds per operation.
        public var before: Double
        public var after: Double
        public var pValue: Double
        /// `after / before - 1`.
        public var change: Double { after / before - 1 }
    }

    public var benchmark: String
    /// The figure of each run the trend follows.
    public var statistic: TrendStatistic
    public var points: [Point]
    public var changes: [Change]

    /// The trend of `runs` (in commit order) by `statistic`, with E-Divisive's change points on the log of each point.
    /// The permutation test's generator is seeded from the benchmark's name: the same history
    /// gives the same answer every time.
    public init(benchmark: String, runs: [HistoryRun], statistic: TrendStatistic = .median, detector: EDivisive = EDivisive()) {
        self.benchmark = benchmark
        self.statistic = statistic
        var order: [String] = []
        var medians: [String: [Double]] = [:]
        for run in runs {
            let key = run.dirty ? "\(run.commit)+dirty" : run.commit
            if medians[key] == nil { order.append(key) }
            medians[key, default: []].append(run.value(statistic))
        }
        let points = order.map { key in
            let values = medians[key]!.sorted()
            return Point(commit: key, runs: values.count, median: GateBench.median(values))
        }
        self.points = points
        var random = SplitMix64(seed: 0, stream: benchmark)
        let found = detector.changePoints(in: points.map { log($0.median) }, using: &random)
        let bounds = [0] + found.map(\.index) + [points.count]
        func segmentMedian(_ range: Range<Int>) -> Double { GateBench.median(points[range].map(\.median).sorted()) }
        changes = found.enumerated().map { offset, point in
            Change(
                index: point.index, commit: points[point.index].commit,
                before: segmentMedian(bounds[offset]..<point.index), after: segmentMedian(point.index..<bounds[offset + 2]),
                pValue: point.pValue)
        }
    }
}
