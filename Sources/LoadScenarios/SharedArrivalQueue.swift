import GateBench
import Synchronization

/// A bounded queue of arrival due times that several workers take from (an open-loop phase with
/// `workers` threads), fed by an `ArrivalGenerator`. A mutex, not the storm's lock-free
/// single-consumer queue: here there are several consumers, and tens of thousands of arrivals a
/// second, not millions.
final class SharedArrivalQueue: ArrivalSink {
    private struct Ring {
        var slots: [UInt64]
        var head = 0
        var count = 0
    }

    private let ring: Mutex<Ring>
    private let capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        ring = Mutex(Ring(slots: Array(repeating: 0, count: capacity)))
    }

    func push(_ due: UInt64) -> Bool {
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
}
