import GateBench
/// Whether memory grew steadily over the longest steady phase after the warm-up (a soak's): the
/// slope of jemalloc's allocated bytes (resident memory without jemalloc) against time.
///
/// The slope is Theil–Sen's (the median of the pairwise slopes), which a single jump such as a
/// cache filling up cannot drag far, and the trend's consistency is Kendall's tau (the share of
/// rising pairs minus falling ones). A leak is a slope of at least `thresholdMiBPerMinute` with
/// tau of at least 0.5: memory that keeps climbing, not one that stepped up once.
public struct LeakVerdict: Sendable, Codable {
    /// 1 MiB a minute is 2.8 GB over a 48-hour soak.
    public static let thresholdMiBPerMinute = 1.0
    /// Fewer points than this (seconds) are too few to judge.
    public static let minimumPoints = 30

    /// The phase judged: the longest steady one that is not a warm-up.
    public var phase: String?
    public var judged: Bool
    public var leaking: Bool
    /// `allocated` (jemalloc) or `resident`.
    public var measure: String
    public var slopeMiBPerMinute: Double
    public var kendallTau: Double
    public var residentSlopeMiBPerMinute: Double
    public var seconds: Int

    /// `over phase steady (120 s): allocated 0.025 MiB/min (Kendall tau 0.19), resident 0.010 MiB/min: no leak`.
    public var summary: String {
        let verdict = !judged ? "too short to judge (\(Self.minimumPoints) s needed)" : leaking ? "LEAK" : "no leak"
        let slope = formatted(slopeMiBPerMinute, decimals: 3), tau = formatted(kendallTau, decimals: 2)
        let resident = formatted(residentSlopeMiBPerMinute, decimals: 3)
        return "over phase \(phase ?? "(none steady)") (\(seconds) s): \(measure) \(slope) MiB/min (Kendall tau \(tau)), "
            + "resident \(resident) MiB/min: \(verdict)"
    }

    init(points: [TimelinePoint], phase: String? = nil) {
        self.phase = phase
        seconds = points.count
        let allocated = points.compactMap { point in point.allocatedBytes.map { (Double(point.second), Double($0)) } }
        let resident = points.map { (Double($0.second), Double($0.residentBytes)) }
        let series = allocated.count == points.count ? allocated : resident
        measure = allocated.count == points.count ? "allocated" : "resident"
        judged = points.count >= Self.minimumPoints
        let (slope, tau) = Self.theilSen(series)
        slopeMiBPerMinute = slope * 60 / 1_048_576
        kendallTau = tau
        residentSlopeMiBPerMinute = Self.theilSen(resident).slope * 60 / 1_048_576
        leaking = judged && slopeMiBPerMinute >= Self.thresholdMiBPerMinute && tau >= 0.5
    }

    /// The median pairwise slope and Kendall's tau, over at most 600 evenly spaced points.
    static func theilSen(_ series: [(Double, Double)]) -> (slope: Double, tau: Double) {
        guard series.count >= 2 else { return (0, 0) }
        let stride = max(series.count / 600, 1)
        let points = Swift.stride(from: 0, to: series.count, by: stride).map { series[$0] }
        var slopes: [Double] = []
        slopes.reserveCapacity(points.count * (points.count - 1) / 2)
        var concordance = 0
        for i in points.indices {
            for j in (i + 1)..<points.count where points[j].0 != points[i].0 {
                let slope = (points[j].1 - points[i].1) / (points[j].0 - points[i].0)
                slopes.append(slope)
                concordance += slope > 0 ? 1 : slope < 0 ? -1 : 0
            }
        }
        guard !slopes.isEmpty else { return (0, 0) }
        slopes.sort()
        let middle = slopes.count / 2
        let median = slopes.count % 2 == 1 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2
        return (median, Double(concordance) / Double(slopes.count))
    }
}
