import Foundation
import Testing

@testable import GateBench

struct OpenLoopLoadTests {
    @Test func queueIsFirstInFirstOutAndRefusesWhenFull() {
        let queue = ArrivalQueue(minimumCapacity: 3)
        #expect(queue.capacity == 4)
        for due in 1...4 { #expect(queue.push(UInt64(due))) }
        #expect(!queue.push(5))
        #expect(queue.count == 4)
        #expect(queue.peek() == 1)
        var taken: [UInt64] = []
        queue.pop(upTo: 3, into: &taken)
        #expect(taken == [1, 2, 3])
        #expect(queue.push(6))
        queue.pop(upTo: 10, into: &taken)
        #expect(taken == [1, 2, 3, 4, 6])
        #expect(queue.peek() == nil)
    }

    /// An idle consumer blocks until a push wakes it, or until its timeout; a wake-up is never lost
    /// or left over (100,000 arrivals in bursts from another thread, every one taken, no wait near
    /// the 1 s timeout).
    @Test func aWaitingConsumerIsWokenByAPushAndNeverStrands() throws {
        let queue = ArrivalQueue(minimumCapacity: 1 << 16)
        let started = MonotonicClock.now()
        queue.waitForArrivals(timeoutNanoseconds: 20_000_000)
        #expect(MonotonicClock.now() - started >= 15_000_000, "an empty queue waits for its timeout")

        let total = 100_000
        let producer = Thread {
            var pushed = 0
            var random = SystemRandomNumberGenerator()
            while pushed < total {
                for _ in 0..<Int.random(in: 1...50, using: &random) where pushed < total {
                    if queue.push(UInt64(pushed)) { pushed += 1 }
                }
                if Bool.random(using: &random) { usleep(UInt32.random(in: 0...50, using: &random)) }
            }
        }
        producer.start()
        var taken: [UInt64] = []
        taken.reserveCapacity(total)
        var longestWait: UInt64 = 0
        while taken.count < total {
            if queue.count == 0 {
                let before = MonotonicClock.now()
                queue.waitForArrivals(timeoutNanoseconds: 1_000_000_000)
                longestWait = max(longestWait, MonotonicClock.now() - before)
            }
            queue.pop(upTo: 64, into: &taken)
        }
        #expect(taken == (0..<UInt64(total)).map { $0 })
        #expect(longestWait < 500_000_000, "a push did not wake the consumer (waited \(longestWait) ns)")
    }

    @Test func everyScheduledArrivalIsServedOnceWithItsLatency() throws {
        let load = OpenLoopLoad(rate: 2_000, duration: .milliseconds(200))
        var served = 0
        let (step, latencies) = try load.run { served += $0 }
        #expect(step.scheduled == 400)
        #expect(served == 400)
        #expect(latencies.count == 400)
        #expect(step.dropped == 0)
        #expect(step.batches.max == 1)
        #expect(step.batches.count == 400)
        #expect(step.p50 <= step.p99 && step.p99 <= step.max)
        #expect(step.achievedRate > 0)
    }

    @Test func aSlowServerIsChargedFromDueTimesAndBatchesAreBounded() throws {
        // Serving takes 2 ms whatever the batch: at 5,000/s about 10 arrivals queue behind each call.
        let load = OpenLoopLoad(rate: 5_000, duration: .milliseconds(200), maxBatch: 8)
        var sizes: [Int] = []
        let (step, latencies) = try load.run { count in
            sizes.append(count)
            usleep(2_000)
        }
        #expect(sizes.reduce(0, +) == step.scheduled)
        #expect(sizes.allSatisfy { $0 <= 8 })
        #expect(step.batches.max == 8)
        // Each call serves 8 at most while ~10 arrive: the backlog, and so the latency, grows.
        #expect(latencies.max()! >= 20_000_000)
        #expect(step.p99 >= step.p50)
    }

    @Test func aFullQueueDropsArrivalsAndCountsThem() throws {
        let load = OpenLoopLoad(rate: 10_000, duration: .milliseconds(100), queueCapacity: 4)
        var served = 0
        let (step, _) = try load.run { count in
            served += count
            usleep(5_000)
        }
        #expect(step.dropped > 0)
        #expect(served + step.dropped == step.scheduled)
        #expect(!step.isHeld(p99Bound: .max))
    }

    @Test func aBatchWaitsForMoreArrivalsUpToItsBound() throws {
        // 1,000/s with a 5 ms wait: batches of ~5 instead of 1, and no arrival waits much past 5 ms.
        let load = OpenLoopLoad(rate: 1_000, duration: .milliseconds(300), maxBatch: 64, batchWait: .milliseconds(5))
        let (step, _) = try load.run { _ in }
        #expect(step.batches.p50 >= 3)
        #expect(step.batches.count < step.scheduled / 2)
    }

    @Test func aServerErrorStopsTheGeneratorAndIsRethrown() {
        struct Broken: Error {}
        let load = OpenLoopLoad(rate: 1_000, duration: .seconds(60))
        let start = MonotonicClock.now()
        #expect(throws: Broken.self) { try load.run { _ in throw Broken() } }
        #expect(MonotonicClock.now() - start < 5_000_000_000)
    }
}
