import Dispatch
import Synchronization

/// A bounded single-producer, single-consumer queue of arrival due times (nanoseconds), between an
/// open-loop generator thread and the thread serving the requests.
///
/// Lock-free (one atomic load and store per side) because the producer publishes up to millions of
/// arrivals a second and must never wait on the consumer: a full queue drops the arrival instead.
/// An idle consumer blocks in `waitForArrivals` and the producer wakes it (one semaphore signal per
/// burst, only when it sleeps): polling with short sleeps cost a sixth of the storm's CPU samples,
/// on the two cores the writer and the checkpointer need.
final class ArrivalQueue: ArrivalSink, @unchecked Sendable {
    // @unchecked Sendable: `slots` is written only by the producer at `tail` and read only by the
    // consumer below `tail`; the release/acquire pair on `tail` and `head` orders those accesses.
    let capacity: Int
    private let mask: Int
    private let slots: UnsafeMutablePointer<UInt64>
    private let head = Atomic<Int>(0)
    private let tail = Atomic<Int>(0)
    /// True while the consumer is blocked (or about to block) in `waitForArrivals`.
    private let consumerWaiting = Atomic(false)
    private let wakeup = DispatchSemaphore(value: 0)

    /// A queue of at least `minimumCapacity` arrivals (rounded up to a power of two).
    init(minimumCapacity: Int) {
        var size = 1
        while size < max(minimumCapacity, 2) { size <<= 1 }
        capacity = size
        mask = size - 1
        slots = .allocate(capacity: size)
    }

    deinit {
        slots.deallocate()
    }

    /// Producer: appends `due`; false when the queue is full.
    func push(_ due: UInt64) -> Bool {
        let end = tail.load(ordering: .relaxed)
        guard end - head.load(ordering: .acquiring) < capacity else { return false }
        slots[end & mask] = due
        // Sequentially consistent with the consumer's flag: the flag is read after the push is visible.
        tail.store(end + 1, ordering: .sequentiallyConsistent)
        if consumerWaiting.load(ordering: .sequentiallyConsistent),
            consumerWaiting.exchange(false, ordering: .sequentiallyConsistent)
        {
            wakeup.signal()
        }
        return true
    }

    /// Consumer: returns when an arrival is waiting or after `timeoutNanoseconds`, whichever is first.
    func waitForArrivals(timeoutNanoseconds: UInt64) {
        consumerWaiting.store(true, ordering: .sequentiallyConsistent)
        var signalled = false
        if tail.load(ordering: .sequentiallyConsistent) == head.load(ordering: .relaxed) {
            signalled = wakeup.wait(timeout: .now() + .nanoseconds(Int(timeoutNanoseconds))) == .success
        }
        // Whoever clears the flag owns the signal: if the producer cleared it and its signal was not
        // taken above, it is (or is about to be) posted and is taken here, so none is left for the next wait.
        if !signalled && !consumerWaiting.exchange(false, ordering: .sequentiallyConsistent) {
            wakeup.wait()
        }
    }

    /// Consumer: how many arrivals are waiting.
    var count: Int { tail.load(ordering: .acquiring) - head.load(ordering: .relaxed) }

    /// Consumer: the oldest waiting arrival's due time, if any.
    func peek() -> UInt64? {
        let start = head.load(ordering: .relaxed)
        guard start < tail.load(ordering: .acquiring) else { return nil }
        return slots[start & mask]
    }

    /// Consumer: removes up to `limit` arrivals, oldest first, appending their due times to `buffer`.
    func pop(upTo limit: Int, into buffer: inout [UInt64]) {
        let start = head.load(ordering: .relaxed)
        let end = min(tail.load(ordering: .acquiring), start + limit)
        guard end > start else { return }
        for index in start..<end { buffer.append(slots[index & mask]) }
        head.store(end, ordering: .releasing)
    }
}
