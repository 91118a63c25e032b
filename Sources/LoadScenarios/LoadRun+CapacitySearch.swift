import GateBench

extension LoadRun {
    /// Thrown inside a capacity search when the run is stopped.
    struct Stopped: Error {}

    /// The capacity search: one constant-rate try of `step` per rate, held when every assertion
    /// (but the memory slope, which needs a longer run) holds over that try.
    func searchCapacity(_ phase: Scenario.Phase, from: Double, cap: Double, step: Duration) throws
        -> (PhaseTally, Double, ArrivalGenerator.Counts?, SearchReport)
    {
        var everything = PhaseTally()
        var seconds = 0.0
        var totals = ArrivalGenerator.Counts()
        var failedByRate: [Double: [String]] = [:]
        let search = SaturationSearch(start: from, cap: cap, p99Bound: 0)
        var result: SaturationSearch.Result?
        do {
            result = try search.run(judging: { rate in
                if stopRequested.load(ordering: .relaxed) { throw Stopped() }
                let constant = Scenario.Phase(name: phase.name, duration: step, load: .rate(from: rate, to: rate), isWarmup: false)
                let (tally, length, counts) = try measure(constant)
                everything.add(tally)
                seconds += length
                let dropped = counts?.dropped ?? 0
                totals.scheduled += counts?.scheduled ?? 0
                totals.dropped += dropped
                totals.late += counts?.late ?? 0
                let results = scenario.assertions.map { $0.evaluate(tally, seconds: length, dropped: dropped, leak: nil) }
                failedByRate[rate] = results.filter { !$0.held }.map(\.assertion)
                var all = OperationTally()
                for (_, one) in tally.operations { all.add(one) }
                let measured = OpenLoopStep(
                    offeredRate: rate, scheduled: counts?.scheduled ?? 0, dropped: dropped, late: counts?.late ?? 0,
                    achievedRate: length > 0 ? Double(all.count) / length : 0,
                    p50: all.count > 0 ? all.latency.valueAtPercentile(50) : 0,
                    p99: all.count > 0 ? all.latency.valueAtPercentile(99) : 0, max: all.count > 0 ? all.latency.max : 0)
                return (measured, results.allSatisfy(\.held))
            })
        } catch is Stopped {
            result = nil
        }
        let report = SearchReport(
            highestHeld: result?.highestHeld, lowestNotHeld: result?.lowestNotHeld,
            steps: (result?.steps ?? []).map { step in
                SearchReport.Step(
                    rate: step.measured.offeredRate, tries: step.tries, achieved: step.measured.achievedRate,
                    p99Ms: Double(step.measured.p99) / 1e6, dropped: step.measured.dropped, held: step.isHeld,
                    failed: failedByRate[step.measured.offeredRate] ?? [])
            })
        return (everything, seconds, totals, report)
    }
}
