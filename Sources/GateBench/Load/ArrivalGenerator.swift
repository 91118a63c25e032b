import Foundation
import Synchronization

/// Offers arrivals from its own thread on an `ArrivalSchedule`, whatever the server is doing: each
/// is pushed onto the sink at its due time, stamped with it, so a server stall delays every arrival
/// behind it (no coordinated omission).
///
/// The thread sleeps between arrivals and publishes every arrival already due when it wakes: at
/// least 100 µs at a time (and the kernel wakes a sleeper ~60 µs late here), so at high rates
/// arrivals go out in bursts of up to ~160 µs, each still stamped with its own due time: the
/// publication delay counts in every request's latency. An arrival that finds the sink full is dropped, as k6
/// counts `dropped_iterations`; one published more than `lateAfter` after its due time is late: the
/// generator itself was held up, so the offered load was not the scheduled one.
public final class ArrivalGenerator: Sendable {
    /// What the generator did.
    public struct Counts: Sendable, Equatable {
        /// Arrivals scheduled (pushed or dropped).
        public var scheduled = 0
        /// Arrivals that found the queue full and were never served.
        public var dropped = 0
        /// Arrivals published more than `lateAfter` after their due time.
        public var late = 0

        public init() {}
    }

    private final class Shared: Sendable {
        let stopRequested = Atomic(false)
        let isFinished = Atomic(false)
        let published = Atomic(0)
        let counts = Mutex(Counts())
        let done = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()

    /// The shortest sleep between two wake-ups of the generator.
    static let minimumSleepMicroseconds: UInt64 = 100

    /// Starts offering the schedule's arrivals to `sink`.
    public init(schedule: ArrivalSchedule, sink: some ArrivalSink, lateAfter: UInt64 = 1_000_000) {
        let shared = self.shared
        let count = schedule.count
        let thread = Thread {
            var counts = Counts()
            var index = 0
            while index < count && !shared.stopRequested.load(ordering: .relaxed) {
                let now = MonotonicClock.now()
                var due = schedule.due(index)
                while due <= now && index < count {
                    if sink.push(due) { shared.published.add(1, ordering: .relaxed) } else { counts.dropped += 1 }
                    if now - due > lateAfter { counts.late += 1 }
                    index += 1
                    due = schedule.due(index)
                }
                guard index < count else { break }
                let gap = due - now
                // Sleep to ~100 µs before the next arrival, then to it, but never less than 100 µs:
                // waking in the shortest steps the kernel gives (~60 µs) was a fifth of the storm's
                // CPU samples at 100,000 arrivals a second, taken from the server it loads.
                usleep(UInt32(gap > 200_000 ? (gap - 100_000) / 1_000 : max(gap / 1_000, Self.minimumSleepMicroseconds)))
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
    public var isFinished: Bool { shared.isFinished.load(ordering: .acquiring) }

    /// Arrivals pushed so far (a timeline's offered rate).
    public var published: Int { shared.published.load(ordering: .relaxed) }

    /// Asks the thread to stop offering arrivals; `wait()` then returns soon.
    public func requestStop() {
        shared.stopRequested.store(true, ordering: .relaxed)
    }

    /// Stops offering arrivals (when the server failed) and waits for the thread.
    func stop() -> Counts {
        requestStop()
        return wait()
    }

    /// Waits until the thread has finished, then returns what it did.
    public func wait() -> Counts {
        shared.done.wait()
        shared.done.signal()
        return shared.counts.withLock { $0 }
    }
}
