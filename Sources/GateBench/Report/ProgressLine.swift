import Foundation

/// A one-line progress display on stderr, redrawn in place; silent unless stderr is a terminal.
public struct ProgressLine: Sendable {
    private let isEnabled: Bool

    /// - Parameter quiet: `--quiet`; the line also stays off when stderr is not a TTY.
    public init(quiet: Bool) {
        isEnabled = !quiet && isatty(STDERR_FILENO) != 0
    }

    /// Shows a runner event: the current benchmark, or a failure (always printed).
    public func show(_ event: Runner.ProgressEvent) {
        switch event {
        case .started(let index, let count, let id): update("[\(index + 1)/\(count)] \(id.fullname)")
        case .failed(let failure): write((isEnabled ? "\r\u{1B}[K" : "") + "FAILED \(failure.description)\n")
        case .finished: clear()
        case .measured: break
        }
    }

    /// Replaces the line with `text`.
    public func update(_ text: String) {
        guard isEnabled else { return }
        write("\r\u{1B}[K" + text)
    }

    /// Erases the line.
    public func clear() {
        guard isEnabled else { return }
        write("\r\u{1B}[K")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
