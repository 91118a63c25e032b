import Foundation
import GateBench
import GatewayService
import Synchronization

/// Runs a scenario's phases, in order, against a database (a scratch copy: writes change it) with
/// real threads: open-loop phases are served by `workers` threads taking arrivals from one
/// generator; closed-loop phases by one thread per virtual user. On SQLite every thread has its
/// own connection; on PostgreSQL threads take one from a shared pool per request. All share one L1 cache.
public final class LoadRun: @unchecked Sendable {
    // @unchecked Sendable: `run` is called once; its threads share only Sendable state.
    public let scenario: Scenario
    public let wave: String
    private let context: LoadContext
    private let jemalloc: Jemalloc?
    private let progress: @Sendable (String) -> Void
    let stopRequested = Atomic(false)
    /// The asserted phases' requests, kept for `percentileDistributions()`.
    private var measuredTally = PhaseTally()
    /// One per thread, created as phases need them and reused.
    private var workers: [ServiceWorker] = []
    private var needsAgents: Bool { Self.needsAgents(scenario) }

    /// Whether `scenario` sends heartbeats (only then do workers prepare the agent service).
    private static func needsAgents(_ scenario: Scenario) -> Bool {
        scenario.mix.contains { $0.operation == .heartbeat && $0.weight > 0 }
    }
    private var timeline: TimelineSampler?
    private let busyWorkers = Atomic(0)

    public init(
        scenario: Scenario, wave: String, database: LoadDatabase, jemalloc: Jemalloc?,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        self.scenario = scenario
        self.wave = wave
        self.jemalloc = jemalloc
        self.progress = progress
        context = try LoadContext(
            database: database, population: scenario.population, seatLimit: scenario.seatLimit,
            needsAgents: Self.needsAgents(scenario))
    }

    /// Ends the current phase early and skips the rest (Ctrl-C); `run` then returns what it measured.
    public func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Runs every phase; returns the report with the assertions evaluated.
    public func run() throws -> LoadReport {
        let timeline = TimelineSampler(jemalloc: jemalloc, summary: progress) { [self] in busyWorkers.load(ordering: .relaxed) }
        self.timeline = timeline
        var phases: [PhaseReport] = []
        var tallies: [PhaseTally] = []
        var measured = PhaseTally()
        var measuredSeconds = 0.0
        var measuredDropped = 0
        for phase in scenario.phases {
            if stopRequested.load(ordering: .relaxed) { break }
            let tally: PhaseTally
            let seconds: Double
            let counts: ArrivalGenerator.Counts?
            var search: SearchReport?
            if case .search(let from, let cap, let step) = phase.load {
                progress("phase \(phase.name): \(phase.load.label), \(step.seconds) s per rate")
                (tally, seconds, counts, search) = try searchCapacity(phase, from: from, cap: cap, step: step)
            } else {
                progress("phase \(phase.name): \(phase.load.label) for \(phase.duration.seconds) s")
                (tally, seconds, counts) = try measure(phase)
            }
            var phaseReport = report(phase, tally, seconds: seconds, counts: counts)
            phaseReport.search = search
            phases.append(phaseReport)
            tallies.append(tally)
            if phase.isAsserted {
                measured.add(tally)
                measuredSeconds += seconds
                measuredDropped += counts?.dropped ?? 0
            }
        }
        let points = timeline.finish()
        for index in phases.indices {
            var isRamp = false
            if case .rate(let from, let to) = scenario.phases[index].load { isRamp = from != to }
            phases[index].bottleneck = Bottleneck(
                tally: tallies[index], points: points.filter { $0.phase == phases[index].name },
                cores: ProcessInfo.processInfo.activeProcessorCount, findKnee: isRamp, pooled: context.pool != nil)
        }
        let interrupted = stopRequested.load(ordering: .relaxed)
        var everything = PhaseTally()
        for tally in tallies { everything.add(tally) }
        var invariants = try Invariants.check(
            context.database, seatLimit: scenario.seatLimit,
            joined: everything.operations[.claimSeat]?.ok, toggles: everything.operations[.toggleFlag]?.ok)
        if scenario.verifyScope > 0 {
            let violations = context.scopeViolations.withLock { $0 }
            invariants.append(
                InvariantResult(
                    name: "no tool shown across tenants", held: violations.isEmpty,
                    detail: "\(context.scopeChecks.load(ordering: .relaxed)) scoped listings checked against the oracle, "
                        + "\(violations.count) wrong" + (violations.first.map { ": \($0)" } ?? "")))
        }
        measuredTally = measured
        let leak = LeakVerdict(points: points.filter { $0.phase == steadiestPhase(phases)?.name }, phase: steadiestPhase(phases)?.name)
        return LoadReport(
            scenario: scenario.name, wave: wave, backend: context.database.engine, workers: scenario.workers, interrupted: interrupted, phases: phases,
            timeline: points, invariants: invariants,
            assertions: scenario.assertions.map { $0.evaluate(measured, seconds: measuredSeconds, dropped: measuredDropped, leak: leak) },
            leak: leak)
    }

    /// After `run`: per operation (and `all`), the latency distribution of the measured phases in
    /// HdrHistogram's `.hgrm` text (milliseconds), the format its plotter and wrk2 users know.
    public func percentileDistributions() -> [String: String] {
        var all = OperationTally()
        var texts: [String: String] = [:]
        func render(_ tally: OperationTally) -> String {
            var text = ""
            tally.latency.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1e6)
            return text
        }
        for (operation, tally) in measuredTally.operations {
            all.add(tally)
            texts[operation.rawValue] = render(tally)
        }
        if all.count > 0 { texts["all"] = render(all) }
        return texts
    }

    /// The longest phase that is not a warm-up and whose load does not change (a constant rate or
    /// a fixed number of users): memory is only comparable over time under a steady load.
    private func steadiestPhase(_ reports: [PhaseReport]) -> PhaseReport? {
        zip(scenario.phases, reports).filter { phase, _ in
            guard !phase.isWarmup else { return false }
            switch phase.load {
            case .rate(let from, let to): return from == to
            case .users(let from, let to): return from == to
            case .search: return false
            }
        }.max { $0.1.seconds < $1.1.seconds }?.1
    }

    private func worker(_ index: Int) throws -> ServiceWorker {
        while workers.count <= index {
            let writesTools = scenario.mix.contains { [.createTool, .updateTool, .deleteTool].contains($0.operation) && $0.weight > 0 }
            workers.append(
                try ServiceWorker(
                    context: context, seed: UInt64(workers.count + 1), needsAgents: needsAgents,
                    verifyScope: scenario.verifyScope, toolsChange: writesTools))
        }
        return workers[index]
    }

    /// Runs an open- or closed-loop phase; returns its requests, its length and (open loop) the generator's counts.
    func measure(_ phase: Scenario.Phase) throws -> (PhaseTally, Double, ArrivalGenerator.Counts?) {
        let threads: Int
        threads = phase.peakUsers ?? scenario.workers
        let phaseWorkers = try (0..<threads).map { try worker($0) }
        let recorders = phaseWorkers.map { _ in RequestRecorder() }
        timeline?.begin(phase.name, recorders: recorders)
        let started = MonotonicClock.now()
        let counts = runPhase(phase, workers: phaseWorkers, recorders: recorders)
        let seconds = Double(MonotonicClock.now() - started) / 1e9
        var tally = PhaseTally()
        for recorder in recorders { tally.add(recorder.takePhase()) }
        return (tally, seconds, counts)
    }

    /// Runs one phase to its end (or a stop); returns the generator's counts for an open-loop phase.
    private func runPhase(_ phase: Scenario.Phase, workers: [ServiceWorker], recorders: [RequestRecorder]) -> ArrivalGenerator.Counts? {
        let picker = OperationPicker(scenario.mix)
        let group = DispatchGroup()
        let end = MonotonicClock.now() + UInt64(phase.duration.seconds * 1e9)
        var arrivals: (queue: SharedArrivalQueue, generator: ArrivalGenerator)?
        if case .rate(let from, let to) = phase.load {
            let queue = SharedArrivalQueue()
            let generator = ArrivalGenerator(
                schedule: ArrivalSchedule(from: from, to: to, duration: phase.duration, start: MonotonicClock.now() + 1_000_000),
                sink: queue)
            arrivals = (queue, generator)
            timeline?.offered { generator.published }
        } else {
            timeline?.offered(nil)
        }
        let start = MonotonicClock.now()
        let length = Double(end - start)
        for (index, (worker, recorder)) in zip(workers, recorders).enumerated() {
            group.enter()
            let thread = Thread { [self, arrivals] in
                defer { group.leave() }
                if let arrivals {
                    serveArrivals(arrivals.queue, from: arrivals.generator, worker: worker, recorder: recorder, picker: picker)
                } else if case .users(let from, let to) = phase.load {
                    // User `index` (0-based) runs while the ramp's count of users is above it.
                    let isActive = { (now: UInt64) -> Bool in
                        let elapsed = min(Double(now - start) / length, 1)
                        return Double(index) < Double(from) + Double(to - from) * elapsed
                    }
                    loopClosed(until: end, isActive: isActive, worker: worker, recorder: recorder, picker: picker)
                }
            }
            thread.name = "gatebench.load-worker"
            thread.start()
        }
        while group.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if stopRequested.load(ordering: .relaxed) { arrivals?.generator.requestStop() }
        }
        return arrivals?.generator.wait()
    }

    /// Open loop: take arrivals until the generator is done and the queue empty; latency from due time.
    private func serveArrivals(
        _ arrivals: SharedArrivalQueue, from generator: ArrivalGenerator, worker: ServiceWorker, recorder: RequestRecorder,
        picker: OperationPicker
    ) {
        while true {
            // Sleeps until the generator pushes (it wakes a sleeping worker), at most 10 ms.
            guard let due = arrivals.pop(waitingUpTo: 0.01) else {
                if generator.isFinished {
                    guard let due = arrivals.pop() else { return }
                    serve(due: due, worker: worker, recorder: recorder, picker: picker)
                }
                continue
            }
            serve(due: due, worker: worker, recorder: recorder, picker: picker)
        }
    }

    private func serve(due: UInt64, worker: ServiceWorker, recorder: RequestRecorder, picker: OperationPicker) {
        let start = MonotonicClock.now()
        let queued = start > due ? start - due : 0
        _ = recorder.phase.startLateness.record(queued)
        recorder.phase.queueNanoseconds += queued
        let operation = picker.pick(worker.uniform())
        busyWorkers.add(1, ordering: .relaxed)
        let (outcome, cost) = worker.perform(operation)
        busyWorkers.subtract(1, ordering: .relaxed)
        let done = MonotonicClock.now()
        recorder.record(operation, latency: done > due ? done - due : 0, service: done - start, outcome: outcome, cost: cost)
    }

    /// Closed loop: send, wait for the answer, send again, until the phase ends.
    /// `isActive(now)` says whether this user is one of the phase's users at that moment (ramping users).
    private func loopClosed(
        until end: UInt64, isActive: (UInt64) -> Bool, worker: ServiceWorker, recorder: RequestRecorder, picker: OperationPicker
    ) {
        while MonotonicClock.now() < end && !stopRequested.load(ordering: .relaxed) {
            guard isActive(MonotonicClock.now()) else {
                usleep(10_000)
                continue
            }
            let operation = picker.pick(worker.uniform())
            let start = MonotonicClock.now()
            busyWorkers.add(1, ordering: .relaxed)
            let (outcome, cost) = worker.perform(operation)
            busyWorkers.subtract(1, ordering: .relaxed)
            let done = MonotonicClock.now()
            recorder.record(operation, latency: done - start, service: done - start, outcome: outcome, cost: cost)
        }
    }

    private func report(_ phase: Scenario.Phase, _ tally: PhaseTally, seconds: Double, counts: ArrivalGenerator.Counts?) -> PhaseReport {
        var total = OperationTally()
        for (_, one) in tally.operations { total.add(one) }
        let isOpen = counts != nil
        return PhaseReport(
            name: phase.name, load: phase.load.label, warmup: phase.isWarmup, asserted: phase.isAsserted, seconds: seconds,
            scheduled: counts?.scheduled ?? total.count, dropped: counts?.dropped ?? 0, late: counts?.late ?? 0,
            startLatenessP99Ms: isOpen && tally.startLateness.totalCount > 0
                ? Double(tally.startLateness.valueAtPercentile(99)) / 1e6 : nil,
            total: OperationReport("all", total, seconds: seconds), bottleneck: nil,
            operations: tally.operations.sorted { $0.key < $1.key }.map { OperationReport($0.key.rawValue, $0.value, seconds: seconds) })
    }
}

extension Scenario.Phase.Load {
    /// `rate 200/s`, `rate 200..2000/s` or `users 8`.
    var label: String {
        switch self {
        case .rate(let from, let to): "rate " + (from == to ? from.formattedBound : "\(from.formattedBound)..\(to.formattedBound)") + "/s"
        case .users(let from, let to): "users " + (from == to ? "\(from)" : "\(from)..\(to)")
        case .search(let from, let cap, _): "search \(from.formattedBound)..\(cap.formattedBound)/s"
        }
    }
}
