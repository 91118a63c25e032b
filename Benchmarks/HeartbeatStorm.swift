import Foundation
import GateBench
import GatewayService

/// `heartbeat_storm`: an open-loop load of heartbeats (`OpenLoopLoad`: a generator thread offers
/// beat i at `start + i / rate`, and each beat's latency runs from that due time, so a stall is
/// charged to every beat behind it). One writer serves the beats in order and commits each alone
/// (autocommit) or every beat waiting as one transaction (group commit, as a fleet endpoint batches
/// the beats that arrive while a commit is in flight).
///
/// Per mode, on its own fresh copy of the wave: a warm-up, the constant phase at `--rate`, then the
/// saturation search for the highest rate whose p99 stays within `--p99-bound` (`SaturationSearch`).
/// The benchmark's samples are autocommit's constant phase.
final class HeartbeatStorm: @unchecked Sendable {
    // @unchecked Sendable: used by one benchmark body at a time.

    /// How beats are committed.
    enum Commit: String, CaseIterable {
        case autocommit, group

        /// The most beats one commit takes.
        var maxBatch: Int { self == .autocommit ? 1 : 4_096 }
        /// How long a group commit waits for more beats when fewer than `maxBatch` are queued.
        var batchWait: Duration { self == .autocommit ? .zero : .milliseconds(1) }
    }

    /// The search never offers more than this.
    static let rateCap = 2_000_000.0
    /// Unmeasured load at `--rate` before each mode's constant phase (page cache, statement caches).
    static let warmup = Duration.seconds(1)
    /// The write-ahead log file is truncated above this size: inside a load (checked every
    /// `walCheckInterval` commits, charged to the beats waiting, as an endpoint would have to) and
    /// between steps. Below it, between steps, the log is only restarted (checkpointed, then
    /// rewritten from the start) and the file kept: the next step then overwrites allocated blocks
    /// instead of allocating new ones, which on ext4 waited on the checkpointer's `fdatasync`
    /// (3–12 ms per write), and skips the truncation itself (320–650 ms for a few hundred MB).
    static let walLimitBytes = 1 << 30
    static let walCheckInterval = 256

    /// One mode's measurements.
    struct ModeOutcome {
        var constant: OpenLoopStep
        var search: SaturationSearch.Result
    }

    let data: SeededData
    let options: SuiteOptions
    private var outcomes: [Commit: ModeOutcome] = [:]

    init(data: SeededData, options: SuiteOptions) {
        self.data = data
        self.options = options
    }

    /// Runs both modes; returns autocommit's constant phase as the benchmark's samples.
    func measure() throws -> MeasuredLoad {
        var samples = MeasuredLoad(latencies: [])
        for commit in Commit.allCases {
            let fleet = try Fleet(data)
            _ = try offer(rate: options.heartbeatRate, for: Self.warmup, commit: commit, to: fleet)
            let (constant, latencies) = try offer(
                rate: options.heartbeatRate, for: options.stormDuration, commit: commit, to: fleet)
            let search = SaturationSearch(
                start: options.heartbeatRate, cap: Self.rateCap, p99Bound: UInt64(options.p99Bound.inSeconds * 1e9))
            let result = try search.run { rate in
                try offer(rate: rate, for: options.rampStepDuration, commit: commit, to: fleet).step
            }
            outcomes[commit] = ModeOutcome(constant: constant, search: result)
            if commit == .autocommit { samples = MeasuredLoad(latencies: latencies, achievedRate: constant.achievedRate) }
        }
        return samples
    }

    /// Offers `rate` beats per second for `duration` to `fleet`, then resets its WAL (untimed).
    private func offer(rate: Double, for duration: Duration, commit: Commit, to fleet: Fleet) throws
        -> (step: OpenLoopStep, latencies: [UInt64])
    {
        let load = OpenLoopLoad(rate: rate, duration: duration, maxBatch: commit.maxBatch, batchWait: commit.batchWait)
        var beats: [Heartbeat] = []
        beats.reserveCapacity(commit.maxBatch)
        var commits = 0
        let measured = try load.run { count in
            commits += 1
            if commits % Self.walCheckInterval == 0 { try fleet.boundWAL(above: Self.walLimitBytes) }
            if commit == .autocommit {
                try fleet.beat()
                return
            }
            beats.removeAll(keepingCapacity: true)
            for _ in 0..<count { beats.append(fleet.nextBeat()) }
            let outcomes = try fleet.agents.heartbeats(beats)
            try check(outcomes.allSatisfy { $0 == .updated }, "a live agent's heartbeat was not stored")
        }
        try fleet.boundWAL(above: Self.walLimitBytes)
        try fleet.restartWAL()
        return measured
    }

    /// Per mode: the constant phase, the highest rate held, and the search's steps as a table.
    func report() -> ExtraInfo {
        var info: ExtraInfo = [:]
        for (commit, outcome) in outcomes {
            let mode = commit.rawValue
            info["\(mode)_constant_p50_ms"] = .number(Double(outcome.constant.p50) / 1e6)
            info["\(mode)_constant_p99_ms"] = .number(Double(outcome.constant.p99) / 1e6)
            info["\(mode)_constant_achieved_rate"] = .number(outcome.constant.achievedRate)
            info["\(mode)_highest_rate_held"] = .number(outcome.search.highestHeld ?? 0)
            if let notHeld = outcome.search.lowestNotHeld { info["\(mode)_lowest_rate_not_held"] = .number(notHeld) }
            info["\(mode)_ramp"] = .table(rampTable(commit, outcome))
        }
        return info
    }

    private func rampTable(_ commit: Commit, _ outcome: ModeOutcome) -> DetailTable {
        let bound = formatted(options.p99Bound.inSeconds * 1_000, decimals: 1)
        let held = outcome.search.highestHeld.map { formatted($0, decimals: 0) + "/s" } ?? "none"
        let notHeld = outcome.search.lowestNotHeld.map { ", not held at " + formatted($0, decimals: 0) + "/s" } ?? ""
        func milliseconds(_ nanoseconds: UInt64) -> String { formatted(Double(nanoseconds) / 1e6, decimals: 2) }
        let rows = outcome.search.steps.map { step -> [String] in
            let measured = step.measured
            return [
                formatted(measured.offeredRate, decimals: 0), String(step.tries),
                formatted(measured.achievedRate, decimals: 0), milliseconds(measured.p50), milliseconds(measured.p99),
                milliseconds(measured.max), String(measured.dropped), String(measured.late),
                formatted(Double(measured.batches.count), decimals: 0), String(measured.batches.p50), String(measured.batches.p99),
                String(measured.batches.max), step.isHeld ? "yes" : "no",
            ]
        }
        return DetailTable(
            title: "\(commit.rawValue): held \(held) at p99 ≤ \(bound) ms\(notHeld)"
                + " (constant phase at \(formatted(options.heartbeatRate, decimals: 0))/s: p99 \(milliseconds(outcome.constant.p99)) ms)",
            columns: [
                "offered/s", "tries", "achieved/s", "p50 ms", "p99 ms", "max ms", "dropped", "late", "commits",
                "batch p50", "batch p99", "batch max", "held",
            ],
            rows: rows)
    }
}
