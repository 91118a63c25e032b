#if canImport(Glibc)
import Glibc
#endif

/// An open-loop load at a constant arrival rate: a generator thread offers the arrivals on
/// schedule, and the calling thread serves them in order, up to `maxBatch` per serve call.
///
/// Each request's latency runs from its due time to the end of the serve call that took it. With
/// `maxBatch` above 1 (group commit), the requests that arrive while a call is in flight form the
/// next call's batch; when fewer than `maxBatch` are waiting, the server waits for more until the
/// oldest has waited `batchWait`, so a batch is bounded in size and its first request in delay.
public struct OpenLoopLoad: Sendable {
    public var rate: Double
    public var duration: Duration
    public var maxBatch: Int
    public var batchWait: Duration
    /// Arrivals waiting beyond this many are dropped.
    public var queueCapacity: Int

    public init(rate: Double, duration: Duration, maxBatch: Int = 1, batchWait: Duration = .zero, queueCapacity: Int = 1 << 16) {
        self.rate = rate
        self.duration = duration
        self.maxBatch = max(maxBatch, 1)
        self.batchWait = batchWait
        self.queueCapacity = queueCapacity
    }

    /// Offers the load and calls `serve(n)` to serve the next `n` waiting requests, until every
    /// arrival was served or dropped. A throw from `serve` stops the generator and is rethrown.
    public func run(serve: (Int) throws -> Void) throws -> (step: OpenLoopStep, latencies: [UInt64]) {
        let count = max(Int((rate * duration.inSeconds).rounded()), 1)
        let queue = ArrivalQueue(minimumCapacity: queueCapacity)
        let start = MonotonicClock.now() + 1_000_000
        let generator = ArrivalGenerator(schedule: ArrivalSchedule(rate: rate, count: count, start: start), sink: queue)
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        var batchSizes: [Int] = []
        var batch: [UInt64] = []
        batch.reserveCapacity(maxBatch)
        let wait = UInt64(batchWait.inSeconds * 1e9)
        var lastDone = start
        do {
            while true {
                let waiting = queue.count
                if waiting == 0 {
                    if generator.isFinished && queue.count == 0 { break }
                    // Blocks until the generator publishes (it wakes this thread), at most 1 ms.
                    queue.waitForArrivals(timeoutNanoseconds: 1_000_000)
                    continue
                }
                if waiting < maxBatch, wait > 0, !generator.isFinished, let oldest = queue.peek() {
                    let now = MonotonicClock.now()
                    if now < oldest + wait {
                        // One sleep to the oldest arrival's deadline, not a wake-up every few µs.
                        usleep(UInt32(max((oldest + wait - now) / 1_000, 1)))
                        continue
                    }
                }
                batch.removeAll(keepingCapacity: true)
                queue.pop(upTo: maxBatch, into: &batch)
                try serve(batch.count)
                let done = MonotonicClock.now()
                for due in batch { latencies.append(done > due ? done - due : 0) }
                batchSizes.append(batch.count)
                lastDone = done
            }
        } catch {
            _ = generator.stop()
            throw error
        }
        let counts = generator.wait()
        let step = OpenLoopStep(
            offeredRate: rate, counts: counts, latencies: latencies, batchSizes: batchSizes,
            elapsed: lastDone > start ? lastDone - start : 0)
        return (step, latencies)
    }
}
