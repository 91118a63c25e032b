import Testing

@testable import GateBench

/// The search on synthetic servers: a known capacity, a machine that sometimes holds the generator up.
struct SaturationSearchTests {
    /// A step at `rate` from a server that holds everything below `capacity`.
    static func step(rate: Double, capacity: Double, late: Int = 0) -> OpenLoopStep {
        OpenLoopStep(
            offeredRate: rate, scheduled: 1_000, dropped: 0, late: late, achievedRate: rate,
            p50: 100_000, p99: rate < capacity ? 1_000_000 : 50_000_000, max: 60_000_000,
            batches: .init([1, 1, 1]))
    }

    @Test func bracketsTheCapacityWithinTheStatedPrecisionOverManyCapacities() {
        var generator = SplitMix64Generator(seed: 7)
        for _ in 0..<500 {
            let capacity = 200 + Double(generator.next() % 2_000_000)
            let search = SaturationSearch(start: 167, cap: 2_000_000, p99Bound: 10_000_000)
            let result = search.run { Self.step(rate: $0, capacity: capacity) }
            let held = try! #require(result.highestHeld)
            #expect(held < capacity)
            if let notHeld = result.lowestNotHeld {
                #expect(notHeld >= capacity)
                #expect(notHeld / held <= 1.10 + 1e-9)
            } else {
                #expect(held == 2_000_000)
            }
            // Doubling, then bisection: about log2(capacity / start) + 3 steps, never more than 25.
            #expect(result.steps.count <= 25)
            #expect(result.steps.allSatisfy { $0.tries == 1 })
        }
    }

    @Test func aFailedTryOnASoundScheduleIsNotRetried() {
        var calls = 0
        let search = SaturationSearch(start: 1_000, cap: 10_000, p99Bound: 10_000_000)
        let result = search.run { rate in
            calls += 1
            return Self.step(rate: rate, capacity: 0)
        }
        #expect(calls == 1)
        #expect(result.highestHeld == nil)
        #expect(result.lowestNotHeld == 1_000)
        #expect(result.steps == [SaturationSearch.Step(measured: Self.step(rate: 1_000, capacity: 0), tries: 1, isHeld: false)])
    }

    @Test func aFailureWithALateGeneratorIsTriedAgainUpToTheLimit() {
        // The first try at each rate had its generator held up; the second is sound.
        var triesByRate: [Double: Int] = [:]
        let search = SaturationSearch(start: 1_000, cap: 100_000, p99Bound: 10_000_000, maxTries: 3)
        let result = search.run { rate in
            triesByRate[rate, default: 0] += 1
            let late = triesByRate[rate] == 1 ? 50 : 0
            return Self.step(rate: rate, capacity: late > 0 ? 0 : 5_000, late: late)
        }
        #expect(result.highestHeld.map { $0 < 5_000 } == true)
        #expect(result.lowestNotHeld.map { $0 >= 5_000 } == true)
        #expect(result.steps.allSatisfy { $0.tries == 2 })

        // Always late: three tries, then the rate counts as not held.
        var calls = 0
        let stalled = search.run { rate in
            calls += 1
            return Self.step(rate: rate, capacity: 0, late: 500)
        }
        #expect(calls == 3)
        #expect(stalled.steps.map(\.tries) == [3])
        #expect(stalled.highestHeld == nil)
    }

    @Test func aHeldTryIsNeverRetriedEvenWithALateGenerator() {
        var calls = 0
        let search = SaturationSearch(start: 1_000, cap: 1_000, p99Bound: 10_000_000)
        let result = search.run { rate in
            calls += 1
            return Self.step(rate: rate, capacity: .infinity, late: 500)
        }
        #expect(calls == 1)
        #expect(result.highestHeld == 1_000)
        #expect(result.lowestNotHeld == nil)
    }

    @Test func theCapIsTriedWhenDoublingOvershootsIt() {
        let search = SaturationSearch(start: 1_000, cap: 5_000, p99Bound: 10_000_000)
        let rates = search.run { Self.step(rate: $0, capacity: .infinity) }.steps.map(\.measured.offeredRate)
        #expect(rates == [1_000, 2_000, 4_000, 5_000])
    }

    @Test func droppedArrivalsMeanNotHeld() {
        var step = Self.step(rate: 1_000, capacity: .infinity)
        #expect(step.isHeld(p99Bound: 10_000_000))
        step.dropped = 1
        #expect(!step.isHeld(p99Bound: 10_000_000))
    }

    @Test func smallRatesBisectWithoutRounding() {
        let search = SaturationSearch(start: 1, cap: 100, p99Bound: 10_000_000)
        let result = search.run { Self.step(rate: $0, capacity: 1.5) }
        let held = try! #require(result.highestHeld)
        let notHeld = try! #require(result.lowestNotHeld)
        #expect(held < 1.5 && notHeld >= 1.5 && notHeld / held <= 1.1)
    }
}
