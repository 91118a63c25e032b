import Foundation
import GateBench
import Synchronization

/// Runs a helper program (git, swift build, a `bench` child) with its output captured in files,
/// so a chatty child can never block on a full pipe, and forwards SIGINT/SIGTERM to it.
enum ChildProcess {
    struct Result {
        let status: Int32
        /// True when the child was killed by a signal.
        let signalled: Bool
        let stdout: String
        let stderr: String

        /// The last `lines` lines of stderr (or stdout when stderr is empty), for an error message.
        func tail(_ lines: Int = 30) -> String {
            let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? stdout : stderr
            return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        }
    }

    /// Runs `executable` (a path, or a name looked up on PATH) and waits for it.
    static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let outputs = URL(fileURLWithPath: ScratchFiles.path("child"))
        _ = FileManager.default.createFile(atPath: outputs.path + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: outputs.path + ".err", contents: nil)
        defer {
            unlink(outputs.path + ".out")
            unlink(outputs.path + ".err")
        }
        let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs.path + ".out"))
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs.path + ".err"))
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        InterruptGuard.child.store(process.processIdentifier, ordering: .relaxed)
        process.waitUntilExit()
        InterruptGuard.child.store(0, ordering: .relaxed)
        try? stdout.close()
        try? stderr.close()
        return Result(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: (try? String(contentsOfFile: outputs.path + ".out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: outputs.path + ".err", encoding: .utf8)) ?? "")
    }
}

/// Notices SIGINT/SIGTERM during a long comparison: the running child is stopped, the loop ends
/// after it, and what was measured is reported and scratch data removed.
enum InterruptGuard {
    /// The signal received (0 while none).
    static let received = Atomic<Int32>(0)
    /// The child running now (0 while none), to forward the signal to.
    static let child = Atomic<Int32>(0)

    /// Installs the handlers (they only store the signal and forward it: async-signal-safe).
    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                InterruptGuard.received.store(number, ordering: .relaxed)
                let child = InterruptGuard.child.load(ordering: .relaxed)
                if child > 0 { kill(child, SIGTERM) }
            }
        }
    }

    /// True once a signal arrived.
    static var isInterrupted: Bool { received.load(ordering: .relaxed) != 0 }
}
