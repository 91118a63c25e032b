import Foundation
import GateBench
import GatewayService
import Histogram

/// `heartbeat_storm`: an open-loop load. Heartbeat i is due at `start + i / rate` whatever happened
/// before; its latency runs from that scheduled time (not from when it was sent), so a stall is
/// charged to every beat that waited behind it (no coordinated omission). One writer serves the
/// queue in order, committing each beat alone (autocommit) or all beats due at once (group commit).
final class HeartbeatStorm: @unchecked Sendable {
    // @unchecked Sendable: used by one benchmark body at a time.

    /// How beats are committed.
    enum Commit: String, CaseIterable {
        case autocommit, group
    }

    /// Ramps stop here, whatever the latency.
    static let rateCap = 2_000_000.0
    /// The most beats one group commit takes.
    static let maxBatch = 4_096

    let fleet: Fleet
    let options: SuiteOptions
    private var groupConstant: [UInt64] = []

    init(fleet: Fleet, options: SuiteOptions) throws {
        self.fleet = fleet
        self.options = options
    }

    /// The constant-rate phase with autocommit: the benchmark's samples. Group commit runs too, for the report.
    func constantPhase() throws -> [UInt64] {
        let autocommit = try run(rate: options.heartbeatRate, duration: options.stormDuration, commit: .autocommit)
        groupConstant = try run(rate: options.heartbeatRate, duration: options.stormDuration, commit: .group)
        return autocommit
    }

    /// Per mode: the constant phase's p99 and the ramp (rate × 2 per step until p99 passes the bound).
    func report() throws -> ExtraInfo {
        var info: ExtraInfo = [:]
        let sortedGroup = groupConstant.sorted()
        if !sortedGroup.isEmpty {
            info["group_commit_constant_p50_ms"] = .number(Double(sortedGroup[sortedGroup.count / 2]) / 1e6)
            info["group_commit_constant_p99_ms"] = .number(Double(sortedGroup[sortedGroup.count * 99 / 100]) / 1e6)
        }
        for commit in Commit.allCases {
            let (held, steps) = try ramp(commit: commit)
            info["\(commit.rawValue)_highest_rate_held"] = .number(held)
            info["\(commit.rawValue)_ramp"] = .string(
                steps.map { "\(Int($0.rate))/s:p99=\(formatMilliseconds($0.p99))" }.joined(separator: " "))
        }
        return info
    }

    /// Doubles the rate from `--rate` each step until p99 exceeds the bound twice in a row at one
    /// rate (one retry: a single stall of this shared machine should not end the ramp) or the cap is reached.
    private func ramp(commit: Commit) throws -> (held: Double, steps: [(rate: Double, p99: UInt64)]) {
        var rate = options.heartbeatRate
        var held = 0.0
        var steps: [(Double, UInt64)] = []
        var isRetry = false
        let bound = UInt64(options.p99Bound.inSeconds * 1e9)
        while rate <= Self.rateCap {
            var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
            for latency in try run(rate: rate, duration: options.rampStepDuration, commit: commit) {
                _ = histogram.record(latency)
            }
            let p99 = histogram.valueAtPercentile(99.0)
            steps.append((rate, p99))
            if p99 > bound {
                if isRetry { break }
                isRetry = true
                continue
            }
            isRetry = false
            held = rate
            rate *= 2
        }
        return (held, steps)
    }

    /// Offers `rate` beats per second for `duration`; returns each beat's latency from its scheduled time.
    private func run(rate: Double, duration: Duration, commit: Commit) throws -> [UInt64] {
        let total = max(Int(rate * duration.inSeconds), 1)
        let interval = 1e9 / rate
        var latencies: [UInt64] = []
        latencies.reserveCapacity(total)
        let start = MonotonicClock.now() + 1_000_000
        func due(_ index: Int) -> UInt64 { start + UInt64(Double(index) * interval) }
        var index = 0
        var batch: [Heartbeat] = []
        batch.reserveCapacity(Self.maxBatch)
        while index < total {
            waitUntil(due(index))
            switch commit {
            case .autocommit:
                let outcome = try fleet.agents.heartbeat(fleet.nextBeat())
                try check(outcome == .updated, "a live agent's heartbeat was \(outcome)")
                latencies.append(MonotonicClock.now() &- due(index))
                index += 1
            case .group:
                let now = MonotonicClock.now()
                batch.removeAll(keepingCapacity: true)
                while index + batch.count < total && batch.count < Self.maxBatch && due(index + batch.count) <= now {
                    batch.append(fleet.nextBeat())
                }
                let outcomes = try fleet.agents.heartbeats(batch)
                try check(outcomes.allSatisfy { $0 == .updated }, "a live agent's heartbeat was not stored")
                let done = MonotonicClock.now()
                for offset in batch.indices { latencies.append(done &- due(index + offset)) }
                index += batch.count
            }
        }
        return latencies
    }

    /// Sleeps until shortly before `deadline`, then spins to it (sleep alone overshoots by ~60 µs here).
    private func waitUntil(_ deadline: UInt64) {
        while true {
            let now = MonotonicClock.now()
            if now >= deadline { return }
            if deadline - now > 200_000 { usleep(UInt32((deadline - now - 100_000) / 1_000)) }
        }
    }
}

private func formatMilliseconds(_ nanoseconds: UInt64) -> String {
    String(format: "%.2fms", Double(nanoseconds) / 1e6)
}
