import Foundation
import GateBench
import Synchronization

/// What a run has measured so far, so that an interrupted run (SIGINT/SIGTERM) still prints and
/// saves every finished benchmark before it exits 130.
final class PartialResults: Sendable {
    private let records = Mutex<[BenchmarkRecord]>([])
    private let emitter = Mutex<(@Sendable ([BenchmarkRecord]) -> Void)?>(nil)

    /// Keeps each finished benchmark's record.
    func keep(_ event: Runner.ProgressEvent) {
        if case .measured(let record) = event { records.withLock { $0.append(record) } }
    }

    /// How to report the records once the run knows its machine and settings.
    func reportWith(_ emit: @escaping @Sendable ([BenchmarkRecord]) -> Void) {
        emitter.withLock { $0 = emit }
    }

    /// Reports what was measured (called by the interrupt handler); says so when nothing was.
    func flush() {
        let measured = records.withLock { $0 }
        guard let emit = emitter.withLock({ $0 }), !measured.isEmpty else {
            FileHandle.standardError.write(Data("interrupted before any benchmark finished: nothing to report\n".utf8))
            return
        }
        FileHandle.standardError.write(Data("interrupted: reporting the \(measured.count) benchmark(s) that finished\n".utf8))
        emit(measured)
    }
}
