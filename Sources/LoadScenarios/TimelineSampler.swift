import Foundation
import GateBench
import Synchronization

/// Samples the run once a second on its own thread: offered and achieved rates, latency
/// percentiles of the requests completed in that second, errors, busy workers, resident memory,
/// jemalloc's allocated bytes and the process's CPU use.
final class TimelineSampler: @unchecked Sendable {
    // @unchecked Sendable: mutable state is behind `state`; the thread stops in `finish`.
    private struct State {
        var phase = ""
        var recorders: [RequestRecorder] = []
        var points: [TimelinePoint] = []
        var stopped = false
    }

    private let state = Mutex(State())
    /// The open-loop phase's arrival counter and a number that changes with each phase's counter.
    private let offeredCounter = Mutex<(counter: (@Sendable () -> Int)?, generation: Int)>((nil, 0))
    private let done = DispatchSemaphore(value: 0)

    /// A summary line goes to `summary` every `summaryInterval` seconds (a soak's heartbeat).
    static let summaryInterval = 60

    init(jemalloc: Jemalloc?, summary: @escaping @Sendable (String) -> Void, busy: @escaping @Sendable () -> Int) {
        let started = MonotonicClock.now()
        let thread = Thread { [self] in
            var lastOffered = 0
            var lastGeneration = 0
            var lastWall = started
            var lastCPU = Self.cpuNanoseconds()
            var second = 0
            while true {
                usleep(1_000_000)
                second += 1
                let (phase, recorders, stopped) = state.withLock { ($0.phase, $0.recorders, $0.stopped) }
                if stopped { break }
                var window = SecondWindow()
                for recorder in recorders {
                    recorder.second.withLock { current in
                        window.add(current)
                        current.clear()
                    }
                }
                let (counter, generation) = offeredCounter.withLock { ($0.counter, $0.generation) }
                if generation != lastGeneration {
                    // A new phase's counter starts from zero.
                    lastOffered = 0
                    lastGeneration = generation
                }
                let offered = counter?() ?? lastOffered + window.completed
                let wall = MonotonicClock.now()
                let cpu = Self.cpuNanoseconds()
                func milliseconds(_ percentile: Double) -> Double {
                    window.completed == 0 ? 0 : Double(window.latency.valueAtPercentile(percentile)) / 1e6
                }
                let point = TimelinePoint(
                    second: second, phase: phase, offered: max(offered - lastOffered, 0), achieved: window.completed,
                    errors: window.errors, p50Ms: milliseconds(50), p95Ms: milliseconds(95), p99Ms: milliseconds(99),
                    operationP95Ms: window.operations.filter { $0.value.totalCount > 0 }.reduce(into: [:]) {
                        $0[$1.key.rawValue] = Double($1.value.valueAtPercentile(95)) / 1e6
                    },
                    busyWorkers: busy(), residentBytes: Self.residentBytes(), allocatedBytes: jemalloc?.allocatedBytes(),
                    cpuPercent: Double(cpu - lastCPU) / Double(max(wall - lastWall, 1)) * 100)
                lastOffered = offered
                lastWall = wall
                lastCPU = cpu
                state.withLock { $0.points.append(point) }
                if second % Self.summaryInterval == 0 {
                    summary(
                        "[\(second / 60) min] \(phase): offered \(point.offered)/s, achieved \(point.achieved)/s, "
                            + "p99 \(formatted(point.p99Ms, decimals: 2)) ms, errors \(point.errors), "
                            + "resident \(point.residentBytes >> 20) MiB"
                            + (point.allocatedBytes.map { ", allocated \($0 >> 20) MiB" } ?? ""))
                }
            }
            done.signal()
        }
        thread.name = "gatebench.load-timeline"
        thread.start()
    }

    /// From now on, points belong to `phase` and read these recorders.
    func begin(_ phase: String, recorders: [RequestRecorder]) {
        state.withLock {
            $0.phase = phase
            $0.recorders = recorders
        }
    }

    /// The open-loop phase's count of published arrivals, or nil (closed loop: offered = achieved).
    func offered(_ counter: (@Sendable () -> Int)?) {
        offeredCounter.withLock {
            $0.counter = counter
            $0.generation += 1
        }
    }

    /// Stops sampling and returns the points.
    func finish() -> [TimelinePoint] {
        state.withLock { $0.stopped = true }
        done.wait()
        return state.withLock { $0.points }
    }

    private static func cpuNanoseconds() -> UInt64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func nanoseconds(_ time: timeval) -> UInt64 { UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_usec) * 1_000 }
        return nanoseconds(usage.ru_utime) + nanoseconds(usage.ru_stime)
    }

    /// Resident set size now (`/proc/self/statm`).
    static func residentBytes() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
