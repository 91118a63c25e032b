import Foundation

/// How a change's interval was obtained.
public enum EstimationMethod: String, Sendable, Codable {
    /// Back-to-back pairs in random order: the median of the differences and the exact sign-test interval.
    case paired
    /// Independent repetitions: Hodges–Lehmann shift and the exact Mann–Whitney interval.
    case unpaired
    /// Too few repetitions for an exact interval: the machine's measured between-repetition noise
    /// (`bench noise`), or a conservative default, gives a normal interval around the change.
    case noiseModel = "noise_model"
}

/// The change of a benchmark's time from BASE to HEAD, as `log(head / base)` with its interval.
public struct ChangeEstimate: Sendable, Codable, Equatable {
    /// On the log scale: `estimate`, `low`, `high` are logs of HEAD / BASE. At the suite's
    /// Bonferroni level: it decides `slower` and `faster`.
    public var logInterval: Interval
    /// The same estimate's interval at 90 %: two one-sided tests at 5 % (TOST), which is how
    /// equivalence is shown, so it decides `unchanged`. A miss there is a missed regression, which
    /// the power targets bound; it is not a false alarm, so it takes no share of the Bonferroni budget.
    public var equivalenceInterval: Interval
    public var method: EstimationMethod
    public var baseRepetitions: Int
    public var headRepetitions: Int
    /// The between-repetition noise (SD of log medians) the noise model used, if it was used.
    public var assumedNoise: Double?

    /// HEAD / BASE − 1.
    public var change: Double { exp(logInterval.estimate) - 1 }
    /// The interval's ends as relative changes.
    public var lowChange: Double { exp(logInterval.low) - 1 }
    public var highChange: Double { exp(logInterval.high) - 1 }

    /// Estimates the change from per-repetition medians (seconds per operation).
    ///
    /// Paired samples (same count, `paired`) use the exact sign-test interval when there are
    /// enough pairs for `alpha`; independent samples the exact rank-sum interval; otherwise the
    /// noise model with `noise` (SD of log medians between repetitions) or `defaultNoise`.
    public static func estimate(
        base: [Double], head: [Double], paired: Bool, alpha: Double, noise: Double?
    ) -> ChangeEstimate? {
        let x = base.filter { $0 > 0 }.map { log($0) }, y = head.filter { $0 > 0 }.map { log($0) }
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let equivalenceAlpha = max(alpha, Self.equivalenceAlpha)
        if paired && x.count == y.count {
            let differences = zip(x, y).map { $1 - $0 }
            if let interval = SignTest.interval(differences, alpha: alpha),
                let equivalence = SignTest.interval(differences, alpha: equivalenceAlpha)
            {
                return ChangeEstimate(
                    logInterval: interval, equivalenceInterval: equivalence, method: .paired, baseRepetitions: x.count,
                    headRepetitions: y.count, assumedNoise: nil)
            }
        }
        if !paired, let interval = RankSum.interval(x, y, alpha: alpha),
            let equivalence = RankSum.interval(x, y, alpha: equivalenceAlpha)
        {
            return ChangeEstimate(
                logInterval: interval, equivalenceInterval: equivalence, method: .unpaired, baseRepetitions: x.count,
                headRepetitions: y.count, assumedNoise: nil)
        }
        let sigma = noise ?? defaultNoise
        let centre = median(y.sorted()) - median(x.sorted())
        let spread = sigma * (1 / Double(x.count) + 1 / Double(y.count)).squareRoot()
        func interval(_ alpha: Double) -> Interval {
            let halfWidth = normalQuantile(1 - alpha / 2) * spread
            return Interval(estimate: centre, low: centre - halfWidth, high: centre + halfWidth, coverage: 1 - alpha)
        }
        return ChangeEstimate(
            logInterval: interval(alpha), equivalenceInterval: interval(equivalenceAlpha), method: .noiseModel,
            baseRepetitions: x.count, headRepetitions: y.count, assumedNoise: sigma)
    }

    /// The two-sided level of the equivalence interval: 90 %, i.e. TOST at 5 %.
    public static let equivalenceAlpha = 0.10

    /// The between-repetition noise assumed when this machine's has not been measured (`bench noise`):
    /// 10 %, above the 1.3–3.9 % measured for the listings between quiet processes, because bursts of
    /// neighbours' load on a shared VM were seen to double a whole process's times.
    public static let defaultNoise = 0.10

    /// The smallest change this interval's width would detect with about 80 % probability at the
    /// same level: the half-width scaled by (z + z₀.₈) / z.
    public func detectableChange(alpha: Double) -> Double {
        let z = normalQuantile(1 - alpha / 2)
        let halfWidth = (logInterval.high - logInterval.low) / 2
        return exp(halfWidth * (z + 0.8416) / z) - 1
    }
}
