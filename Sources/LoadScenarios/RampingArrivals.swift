import Foundation
import GateBench
import Synchronization

/// An open-loop phase's arrivals: a generator thread publishes each arrival's due time on
/// schedule onto a bounded queue that several workers take from.
///
/// The rate ramps linearly from `from` to `to` over the phase (constant when equal): arrivals
/// up to time t number `from·t + (to − from)·t² / (2T)`, so arrival i is due at the t solving
/// that for i. A full queue drops the arrival; one published more than 1 ms after its due time
/// is late (the machine held the generator up).
final class RampingArrivals: Sendable {
    struct Counts: Sendable {
        var scheduled = 0
        var dropped = 0
        var late = 0
    }

    private struct Ring {
        var slots: [UInt64]
        var head = 0
        var count = 0
    }

    private let ring: Mutex<Ring>
    private let capacity: Int
    private let finished = Atomic(false)
    private let stopRequested = Atomic(false)
    /// Arrivals published so far (the timeline's offered rate).
    let published = Atomic(0)
    private let counts = Mutex(Counts())
    private let done = DispatchSemaphore(value: 0)

    init(from: Double, to: Double, duration: Duration, start: UInt64, capacity: Int = 1 << 16) {
        self.capacity = capacity
        ring = Mutex(Ring(slots: Array(repeating: 0, count: capacity)))
        let seconds = duration.seconds
        let total = Int(((from + to) / 2 * seconds).rounded())
        let slope = (to - from) / seconds
        @Sendable func due(_ index: Int) -> UInt64 {
            let i = Double(index)
            let offset = abs(slope) < 1e-9 ? i / from : (-from + (from * from + 2 * slope * i).squareRoot()) / slope
            return start + UInt64(max(offset, 0) * 1e9)
        }
        let thread = Thread { [self] in
            var tally = Counts()
            var index = 0
            while index < total && !stopRequested.load(ordering: .relaxed) {
                let now = MonotonicClock.now()
                var next = due(index)
                while next <= now && index < total {
                    if push(next) { published.add(1, ordering: .relaxed) } else { tally.dropped += 1 }
                    if now - next > 1_000_000 { tally.late += 1 }
                    index += 1
                    next = due(index)
                }
                guard index < total else { break }
                let gap = next - now
                usleep(gap > 200_000 ? UInt32((gap - 100_000) / 1_000) : 1)
            }
            tally.scheduled = index
            counts.withLock { $0 = tally }
            finished.store(true, ordering: .releasing)
            done.signal()
        }
        thread.name = "gatebench.load-arrivals"
        thread.start()
    }

    private func push(_ due: UInt64) -> Bool {
        ring.withLock { ring in
            guard ring.count < capacity else { return false }
            ring.slots[(ring.head + ring.count) % capacity] = due
            ring.count += 1
            return true
        }
    }

    /// The oldest waiting arrival's due time; nil when none is waiting.
    func pop() -> UInt64? {
        ring.withLock { ring in
            guard ring.count > 0 else { return nil }
            let due = ring.slots[ring.head]
            ring.head = (ring.head + 1) % capacity
            ring.count -= 1
            return due
        }
    }

    /// True once every arrival was published (or the generator stopped).
    var isFinished: Bool { finished.load(ordering: .acquiring) }

    func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Waits for the generator thread, then returns its counts.
    func wait() -> Counts {
        done.wait()
        done.signal()
        return counts.withLock { $0 }
    }
}
