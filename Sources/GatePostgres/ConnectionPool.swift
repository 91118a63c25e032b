import Dispatch
import Synchronization

/// A bounded pool of connections, each with what was prepared on it (`Resource`: a connection and
/// its services), opened on demand up to `capacity`. A thread takes one for a request and puts it
/// back after; when all are taken it waits up to `timeout`, as a gateway's request waits on its
/// database pool.
///
/// ```swift
/// let pool = ConnectionPool(capacity: 20) { try Services(PostgresConnection(url: url)) }
/// let (services, waited) = try pool.take()
/// defer { pool.putBack(services) }
/// ```
/// Resources are used by one thread at a time (libpq connections are not thread-safe).
public final class ConnectionPool<Resource>: @unchecked Sendable {
    // @unchecked Sendable: `idle` is behind a Mutex, the semaphore is thread-safe, `open` is Sendable.
    /// The most resources open at once.
    public let capacity: Int
    /// How long `take` waits for a free resource before it throws.
    public let timeout: Duration
    private let open: @Sendable () throws -> Resource
    private let free: DispatchSemaphore
    private let idle = Mutex<[UnsafeTransfer<Resource>]>([])
    private let opened = Atomic(0)
    /// Resources out of the pool now: given back to the semaphore on deinit (libdispatch traps when a
    /// semaphore is freed below its initial value).
    private let outstanding = Atomic(0)

    /// Thrown by `take` when no resource came free within the timeout.
    public struct Exhausted: Error, CustomStringConvertible {
        public let capacity: Int
        public let timeout: Duration
        public var description: String { "no connection of the pool (\(capacity)) came free within \(timeout)" }
    }

    public init(capacity: Int, timeout: Duration = .seconds(10), open: @escaping @Sendable () throws -> Resource) {
        precondition(capacity > 0, "a pool holds at least one connection")
        self.capacity = capacity
        self.timeout = timeout
        self.open = open
        free = DispatchSemaphore(value: capacity)
    }

    /// How many resources were opened so far (never more than `capacity`).
    public var openedCount: Int { opened.load(ordering: .relaxed) }

    /// A free resource (an idle one, else a new one) and the nanoseconds spent waiting for it.
    public func take() throws -> (resource: Resource, waitedNanoseconds: UInt64) {
        let start = DispatchTime.now().uptimeNanoseconds
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        guard free.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success else {
            throw Exhausted(capacity: capacity, timeout: timeout)
        }
        let waited = DispatchTime.now().uptimeNanoseconds - start
        outstanding.add(1, ordering: .relaxed)
        if let reused = idle.withLock({ $0.popLast() }) { return (reused.value, waited) }
        do {
            let resource = try open()
            opened.add(1, ordering: .relaxed)
            return (resource, waited)
        } catch {
            outstanding.subtract(1, ordering: .relaxed)
            free.signal()
            throw error
        }
    }

    /// Returns a resource taken with `take` (a broken one too: the next statement reports the break).
    public func putBack(_ resource: Resource) {
        idle.withLock { $0.append(UnsafeTransfer(resource)) }
        outstanding.subtract(1, ordering: .relaxed)
        free.signal()
    }

    deinit {
        for _ in 0..<outstanding.load(ordering: .relaxed) { free.signal() }
    }
}

/// Moves a value between threads that never use it at the same time (the pool's discipline).
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
