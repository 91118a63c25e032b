import Histogram
import Synchronization

/// Latencies in nanoseconds, up to an hour, at three significant digits.
typealias LatencyHistogram = Histogram<UInt64>

func makeLatencyHistogram() -> LatencyHistogram {
    LatencyHistogram(highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
}

/// Up to a minute at two significant digits: a thirtieth of the memory, for the per-second windows.
func makeCoarseHistogram() -> LatencyHistogram {
    LatencyHistogram(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .two)
}

/// One operation's requests in one phase.
struct OperationTally {
    var latency = makeLatencyHistogram()
    var ok = 0
    var rejected: [String: Int] = [:]
    var errors = 0
    /// The first few distinct error messages.
    var errorMessages: [String] = []
    /// Time in service (start to done), and the parts of it measured separately.
    var serviceNanoseconds: UInt64 = 0
    var lockWaitNanoseconds: UInt64 = 0
    var lockRetries = 0
    var poolWaitNanoseconds: UInt64 = 0
    var cacheLoadNanoseconds: UInt64 = 0
    var cacheMisses = 0

    var count: Int { ok + rejected.values.reduce(0, +) + errors }

    mutating func record(latency nanoseconds: UInt64, service: UInt64, outcome: RequestOutcome, cost: RequestCost) {
        _ = latency.record(nanoseconds)
        serviceNanoseconds += service
        lockWaitNanoseconds += cost.lockWaitNanoseconds
        lockRetries += cost.lockRetries
        poolWaitNanoseconds += cost.poolWaitNanoseconds
        cacheLoadNanoseconds += cost.cacheLoadNanoseconds
        if cost.cacheMiss { cacheMisses += 1 }
        switch outcome {
        case .ok: ok += 1
        case .rejected(let reason): rejected[reason, default: 0] += 1
        case .error(let message):
            errors += 1
            if errorMessages.count < 5 && !errorMessages.contains(message) { errorMessages.append(message) }
        }
    }

    mutating func add(_ other: OperationTally) {
        latency.add(other.latency)
        ok += other.ok
        rejected.merge(other.rejected, uniquingKeysWith: +)
        errors += other.errors
        serviceNanoseconds += other.serviceNanoseconds
        lockWaitNanoseconds += other.lockWaitNanoseconds
        lockRetries += other.lockRetries
        poolWaitNanoseconds += other.poolWaitNanoseconds
        cacheLoadNanoseconds += other.cacheLoadNanoseconds
        cacheMisses += other.cacheMisses
        for message in other.errorMessages where errorMessages.count < 5 && !errorMessages.contains(message) {
            errorMessages.append(message)
        }
    }
}

/// What one worker measured in one phase: per operation, and how late requests started.
struct PhaseTally {
    var operations: [LoadOperation: OperationTally] = [:]
    /// From due time to the start of service (open loop only): the generator's and queue's delay.
    var startLateness = makeLatencyHistogram()
    /// The sum of those delays.
    var queueNanoseconds: UInt64 = 0

    mutating func add(_ other: PhaseTally) {
        for (operation, tally) in other.operations { operations[operation, default: OperationTally()].add(tally) }
        startLateness.add(other.startLateness)
        queueNanoseconds += other.queueNanoseconds
    }
}

/// The requests completed in the current second, read and reset by the timeline sampler.
struct SecondWindow {
    var latency = makeCoarseHistogram()
    var operations: [LoadOperation: LatencyHistogram] = [:]
    var completed = 0
    var errors = 0

    mutating func add(_ other: SecondWindow) {
        latency.add(other.latency)
        for (operation, histogram) in other.operations { operations[operation, default: makeCoarseHistogram()].add(histogram) }
        completed += other.completed
        errors += other.errors
    }

    /// Empties the window, keeping its histograms' memory.
    mutating func clear() {
        latency.reset()
        for key in operations.keys { operations[key]!.reset() }
        completed = 0
        errors = 0
    }
}

/// A worker's record of its requests: the phase's tally (its own, unlocked) and the current
/// second's window (locked, read once a second by the sampler).
final class RequestRecorder: @unchecked Sendable {
    // @unchecked Sendable: `phase` is touched only by the owning worker thread, and read after it joined.
    var phase = PhaseTally()
    let second = Mutex(SecondWindow())

    func record(_ operation: LoadOperation, latency: UInt64, service: UInt64, outcome: RequestOutcome, cost: RequestCost) {
        // In place: a copied histogram would cost a copy of its buckets per request.
        phase.operations[operation, default: OperationTally()].record(latency: latency, service: service, outcome: outcome, cost: cost)
        let isError: Bool
        if case .error = outcome { isError = true } else { isError = false }
        second.withLock { window in
            _ = window.latency.record(latency)
            _ = window.operations[operation, default: makeCoarseHistogram()].record(latency)
            window.completed += 1
            if isError { window.errors += 1 }
        }
    }

    /// Hands over this phase's tally and starts a new one.
    func takePhase() -> PhaseTally {
        defer { phase = PhaseTally() }
        return phase
    }
}
