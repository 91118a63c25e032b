import Foundation
import Synchronization

/// A task executor that runs every job on one dedicated thread.
///
/// The allocation round of an async body runs under `withTaskExecutorPreference(executor)`, so the
/// body and its child tasks (task groups, `async let`) all run on this thread, and jemalloc's
/// per-thread counters then see the whole task tree. Work that hops to an actor with its own
/// executor, to Dispatch or to an event loop leaves the thread and is not counted.
public final class SingleThreadExecutor: TaskExecutor, Sendable {
    /// The jobs and the thread's stop flag, shared with the thread (which must not keep the executor alive).
    private final class Jobs: Sendable {
        /// Reserved up front: a queue that grew inside one allocation round would count its growth
        /// there, and not in the next benchmark's.
        let queue: Mutex<(jobs: [UnownedJob], stopped: Bool)> = {
            var jobs: [UnownedJob] = []
            jobs.reserveCapacity(4_096)
            return Mutex((jobs, false))
        }()
        let available = DispatchSemaphore(value: 0)
        /// Set once after init; used only to run jobs, which exist only while the executor is alive.
        let executor = Mutex<UnownedTaskExecutor?>(nil)
    }

    private let jobs = Jobs()

    public init() {
        let jobs = self.jobs
        let thread = Thread {
            while true {
                jobs.available.wait()
                let (job, stopped) = jobs.queue.withLock { state in
                    (state.jobs.isEmpty ? nil : state.jobs.removeFirst(), state.stopped)
                }
                if let job, let executor = jobs.executor.withLock({ $0 }) { job.runSynchronously(on: executor) }
                if stopped && job == nil { return }
            }
        }
        thread.name = "gatebench-allocation-round"
        thread.start()
        let unowned = asUnownedTaskExecutor()
        jobs.executor.withLock { $0 = unowned }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        jobs.queue.withLock { $0.jobs.append(unowned) }
        jobs.available.signal()
    }

    deinit {
        jobs.queue.withLock { $0.stopped = true }
        jobs.available.signal()
    }
}
