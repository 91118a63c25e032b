import Testing

@testable import LoadScenarios

struct BottleneckTests {
    static func point(_ second: Int, offered: Int, p95: Double, operations: [String: Double] = [:], cpu: Double = 50) -> TimelinePoint {
        TimelinePoint(
            second: second, phase: "ramp", offered: offered, achieved: offered, errors: 0, p50Ms: p95 / 2, p95Ms: p95,
            p99Ms: p95 * 1.5, operationP95Ms: operations, busyWorkers: 1, residentBytes: 0, allocatedBytes: nil, cpuPercent: cpu)
    }

    @Test func theKneeIsTheFirstSustainedClimbAndNamesTheOperationThatClimbedFirst() {
        let p95s: [Double] = [1.0, 1.1, 0.9, 1.2, 5.0, 1.0, 1.3, 3.5, 4.0, 9.0]
        let points = p95s.enumerated().map { index, p95 in
            Self.point(
                index + 1, offered: 100 * (index + 1), p95: p95,
                operations: ["fast": 0.5, "slow": index >= 6 ? 6 : 1, "late": index >= 8 ? 20 : 2], cpu: index >= 7 ? 190 : 60)
        }
        var tally = PhaseTally()
        tally.queueNanoseconds = 600
        tally.operations[.noop] = OperationTally()
        tally.operations[.noop]!.serviceNanoseconds = 400
        tally.operations[.noop]!.lockWaitNanoseconds = 100
        let bottleneck = Bottleneck(tally: tally, points: points, cores: 2)
        // Second 5 (5.0 ms) is a lone spike; the climb that lasts starts at second 8.
        #expect(bottleneck.knee?.second == 8)
        #expect(bottleneck.knee?.offeredPerSecond == 800)
        #expect(bottleneck.knee?.baselineP95Ms == 1.0)
        #expect(bottleneck.knee?.firstOperation == "slow")
        #expect(bottleneck.shares == ["queueing": 0.6, "lock wait": 0.1, "cache loads": 0, "executing": 0.3])
        #expect(bottleneck.cpuPercent == 190)
        #expect(bottleneck.verdict == "CPU saturated (190 % of 2 cores); queueing 60 % of request time")
    }

    @Test func aFlatPhaseHasNoKnee() {
        let points = (1...10).map { Self.point($0, offered: 100 * $0, p95: 1 + Double($0 % 2) * 0.4) }
        #expect(Bottleneck(tally: PhaseTally(), points: points, cores: 2).knee == nil)
        #expect(Bottleneck(tally: PhaseTally(), points: Array(points.prefix(4)), cores: 2).knee == nil, "too short to tell")
    }
}
