#if canImport(Glibc)
import Glibc
#endif
import CSQLite

/// A busy handler that measures: when another connection holds the write lock, it sleeps and
/// retries (as `busy_timeout` does) and adds up the time spent waiting, so a load can say how much
/// of its time went to waiting for SQLite's write lock.
///
/// ```swift
/// let meter = BusyWaitMeter(timeout: .seconds(10))
/// meter.install(on: connection)
/// let before = meter.waitedNanoseconds
/// ...                                   // statements that may wait
/// let waited = meter.waitedNanoseconds - before
/// ```
public final class BusyWaitMeter: @unchecked Sendable {
    // @unchecked Sendable: updated only from its connection's thread (SQLite calls the handler there).
    /// Total time spent waiting for locks, nanoseconds.
    public private(set) var waitedNanoseconds: UInt64 = 0
    /// Handler calls (each one a sleep and a retry).
    public private(set) var retries = 0
    private let timeoutNanoseconds: UInt64
    private var waitStarted: UInt64 = 0

    public init(timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        timeoutNanoseconds = UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// Makes this the busy handler of `connection` (replacing any `busy_timeout`), for its lifetime.
    public func install(on connection: SQLiteConnection) {
        connection.busyWaitMeter = self
        sqlite3_busy_handler(connection.handle, { context, attempt in
            guard let context else { return 0 }
            return Unmanaged<BusyWaitMeter>.fromOpaque(context).takeUnretainedValue().wait(attempt: attempt)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Sleeps before retry `attempt` (0 for a new wait); 0 gives up after the timeout.
    private func wait(attempt: Int32) -> Int32 {
        let now = monotonicNanoseconds()
        if attempt == 0 { waitStarted = now }
        guard now - waitStarted < timeoutNanoseconds else { return 0 }
        // Short sleeps first (a commit takes tens of µs), then longer ones.
        usleep(attempt < 20 ? 50 : 1_000)
        waitedNanoseconds += monotonicNanoseconds() - now
        retries += 1
        return 1
    }

    private func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
