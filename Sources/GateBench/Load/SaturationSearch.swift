/// Finds the highest arrival rate a server holds (p99 within a bound, nothing dropped) to within a
/// stated precision: the rate doubles from `start` until a step is not held, then the bracket
/// [highest held, lowest not held] is bisected (geometrically) until its ratio is at most
/// `1 + precision`.
///
/// A try that held decides its rate. A try that did not hold decides it too, unless the generator
/// itself could not keep its schedule (the machine held it up: `OpenLoopStep.isValid`); only then is
/// the rate tried again, up to `maxTries`. A late generator can only add latency, so a held try is
/// never in doubt, and a failure on a sound schedule is never retried (no best of two).
public struct SaturationSearch: Sendable {
    public var start: Double
    /// No rate above this is offered.
    public var cap: Double
    /// The bracket's final width: 0.10 stops once lowest-not-held / highest-held ≤ 1.10.
    public var precision: Double
    public var p99Bound: UInt64
    public var maxTries: Int

    public init(start: Double, cap: Double, precision: Double = 0.10, p99Bound: UInt64, maxTries: Int = 3) {
        self.start = start
        self.cap = cap
        self.precision = precision
        self.p99Bound = p99Bound
        self.maxTries = maxTries
    }

    /// One rate of the search.
    public struct Step: Sendable, Equatable {
        /// The deciding try (the last one when no try was valid).
        public var measured: OpenLoopStep
        /// Tries run at this rate (more than 1 only when earlier ones were invalid).
        public var tries: Int
        /// The try held (by default: p99 within the bound and nothing dropped).
        public var isHeld: Bool
    }

    /// The steps in the order run, and the bracket they found.
    public struct Result: Sendable, Equatable {
        public var steps: [Step]
        /// The highest rate held; nil when even `start` was not.
        public var highestHeld: Double?
        /// The lowest rate not held; nil when every rate up to `cap` was held.
        public var lowestNotHeld: Double?
    }

    /// Runs the search, calling `measure(rate)` for each try; a try holds when its p99 is within
    /// `p99Bound` and nothing was dropped.
    public func run(_ measure: (Double) throws -> OpenLoopStep) rethrows -> Result {
        try run { rate in
            let measured = try measure(rate)
            return (measured, measured.isHeld(p99Bound: p99Bound))
        }
    }

    /// Runs the search with the caller's own criterion: `measure(rate)` runs a try and says whether
    /// it held (a load scenario's assertions, say).
    public func run(judging measure: (Double) throws -> (measured: OpenLoopStep, held: Bool)) rethrows -> Result {
        var steps: [Step] = []
        func decide(_ rate: Double) throws -> Bool {
            var tries = 0
            var measured: OpenLoopStep
            var held: Bool
            repeat {
                (measured, held) = try measure(rate)
                tries += 1
            } while !held && !measured.isValid && tries < maxTries
            steps.append(Step(measured: measured, tries: tries, isHeld: held))
            return held
        }
        var held: Double?
        var notHeld: Double?
        var rate = start
        while rate <= cap {
            if try decide(rate) {
                held = rate
                rate *= 2
            } else {
                notHeld = rate
                break
            }
        }
        if notHeld == nil, let highest = held, highest < cap {
            // The last doubling overshot the cap: the cap itself is the next rate to try.
            if try decide(cap) { held = cap } else { notHeld = cap }
        }
        while let low = held, let high = notHeld, high / low > 1 + precision {
            let geometricMean = (low * high).squareRoot()
            let middle = geometricMean >= 100 ? geometricMean.rounded() : geometricMean
            if try decide(middle) { held = middle } else { notHeld = middle }
        }
        return Result(steps: steps, highestHeld: held, lowestNotHeld: notHeld)
    }
}
