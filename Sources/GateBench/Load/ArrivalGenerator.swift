import Foundation
import Synchronization

/// Offers arrivals at a constant rate from its own thread: arrival i is due at `start + i / rate`
/// whatever the server is doing, and is pushed onto the queue at that time with its due time, so a
/// server stall delays every arrival behind it (no coordinated omission).
///
/// The thread sleeps between arrivals and publishes every arrival already due when it wakes (the
/// kernel wakes a sleeper ~60 µs late here, so at high rates arrivals go out in small bursts, each
/// still stamped with its own due time). An arrival that finds the queue full is dropped, as k6
/// counts `dropped_iterations`; one published more than `lateAfter` after its due time is late: the
/// generator itself was held up, so the offered load was not the scheduled one.
final class ArrivalGenerator: Sendable {
    /// What the generator did.
    struct Counts: Sendable, Equatable {
        /// Arrivals scheduled (pushed or dropped).
        var scheduled = 0
        /// Arrivals that found the queue full and were never served.
        var dropped = 0
        /// Arrivals published more than `lateAfter` after their due time.
        var late = 0
    }

    private final class Shared: Sendable {
        let stopRequested = Atomic(false)
        let isFinished = Atomic(false)
        let counts = Mutex(Counts())
        let done = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()

    /// Starts offering `count` arrivals at `rate` per second, the first due at `start` (monotonic ns).
    init(rate: Double, count: Int, start: UInt64, queue: ArrivalQueue, lateAfter: UInt64 = 1_000_000) {
        let shared = self.shared
        let interval = 1e9 / rate
        let thread = Thread {
            var counts = Counts()
            var index = 0
            while index < count && !shared.stopRequested.load(ordering: .relaxed) {
                let now = MonotonicClock.now()
                var due = start + UInt64(Double(index) * interval)
                while due <= now && index < count {
                    if !queue.push(due) { counts.dropped += 1 }
                    if now - due > lateAfter { counts.late += 1 }
                    index += 1
                    due = start + UInt64(Double(index) * interval)
                }
                guard index < count else { break }
                let gap = due - now
                // Sleep to ~100 µs before the next arrival, then in the shortest steps the kernel gives.
                usleep(gap > 200_000 ? UInt32((gap - 100_000) / 1_000) : 1)
            }
            counts.scheduled = index
            shared.counts.withLock { $0 = counts }
            shared.isFinished.store(true, ordering: .releasing)
            shared.done.signal()
        }
        thread.name = "gatebench.arrivals"
        thread.start()
    }

    /// True once every arrival has been offered (or the generator was stopped); every push happened before.
    var isFinished: Bool { shared.isFinished.load(ordering: .acquiring) }

    /// Stops offering arrivals (when the server failed) and waits for the thread.
    func stop() -> Counts {
        shared.stopRequested.store(true, ordering: .relaxed)
        return wait()
    }

    /// Waits until the thread has finished, then returns what it did.
    func wait() -> Counts {
        shared.done.wait()
        shared.done.signal()
        return shared.counts.withLock { $0 }
    }
}
