import Foundation
import GateBench

/// A bounded queue of arrival due times that several workers take from (an open-loop phase with
/// `workers` threads), fed by an `ArrivalGenerator`. A lock and a condition, not the storm's
/// lock-free single-consumer queue: here there are several consumers, and tens of thousands of
/// arrivals a second, not millions. An idle worker sleeps on the condition until a push wakes it
/// (polling with short sleeps took CPU from the workers serving requests on two cores).
final class SharedArrivalQueue: ArrivalSink, @unchecked Sendable {
    // @unchecked Sendable: every field below `condition` is read and written with it locked.
    private let condition = NSCondition()
    private var slots: [UInt64]
    private var head = 0
    private var count = 0
    /// Workers asleep in `pop(waitingUpTo:)`.
    private var sleepers = 0
    private let capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        slots = Array(repeating: 0, count: capacity)
    }

    func push(_ due: UInt64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard count < capacity else { return false }
        slots[(head + count) % capacity] = due
        count += 1
        if sleepers > 0 { condition.signal() }
        return true
    }

    /// The oldest waiting arrival's due time; when none is waiting, sleeps until one is pushed or
    /// `seconds` have passed, and returns nil if none came.
    func pop(waitingUpTo seconds: Double = 0) -> UInt64? {
        condition.lock()
        defer { condition.unlock() }
        if count == 0 && seconds > 0 {
            sleepers += 1
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
            sleepers -= 1
        }
        guard count > 0 else { return nil }
        let due = slots[head]
        head = (head + 1) % capacity
        count -= 1
        return due
    }
}
