import Foundation

/// Records stack samples of this process with `perf record`, only while enabled: perf is attached
/// to our pid with its events disabled (`-D -1`) and switched on and off through its control
/// FIFOs (`--control fifo:ctl,ack`), acknowledged each time, so samples cover exactly the
/// measured rounds and nothing of seeding or setup.
///
/// DWARF unwinding (`--call-graph dwarf,16384`), not frame pointers: our release build keeps frame
/// pointers, but Debian's libsqlite3, libc and libjemalloc do not, so fp stacks ended inside SQLite
/// and lost every Swift caller (scope filtering: the leaf-only stacks of sqlite3VdbeExec). With
/// DWARF, 774 of 999 samples reach `ToolService` through `Runner.timedRound`, for ~2 s of report time.
public final class PerfRecorder {
    /// Why profiling cannot run, with the fix.
    public struct Unavailable: EnvironmentError, CustomStringConvertible, Sendable {
        public let description: String
    }

    private let process: Process
    private let control: FileHandle
    private let acknowledgement: FileHandle
    private let directory: String
    private let logPath: String
    /// The `perf.data` file being written.
    public let outputPath: String

    /// Fails now, with the fix, when perf is missing or may not record: before any benchmark runs.
    public static func checkAvailable() throws(Unavailable) {
        guard which("perf") != nil else {
            throw Unavailable(description: "perf is not installed; install it with: apt-get install -y linux-perf")
        }
        if getuid() != 0, let paranoid = paranoidLevel(), paranoid > 1 {
            throw Unavailable(
                description: "perf may not record this process (kernel.perf_event_paranoid = \(paranoid)); run as root "
                    + "or: sudo sysctl kernel.perf_event_paranoid=1")
        }
    }

    /// Starts `perf record` on this process with events disabled.
    ///
    /// - Throws: `Unavailable` when perf is missing or may not record this process.
    public init(outputPath: String, frequency: Int) throws(Unavailable) {
        try Self.checkAvailable()
        guard let perf = Self.which("perf") else { throw Unavailable(description: "perf is not installed") }
        self.outputPath = outputPath
        directory = ScratchFiles.path("perf")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Unavailable(description: "cannot create \(directory): \(error.localizedDescription)")
        }
        let controlPath = directory + "/ctl", acknowledgementPath = directory + "/ack"
        guard mkfifo(controlPath, 0o600) == 0, mkfifo(acknowledgementPath, 0o600) == 0 else {
            throw Unavailable(description: "cannot create perf control FIFOs in \(directory): \(String(cString: strerror(errno)))")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: perf)
        process.arguments = [
            "record", "-e", "cpu-clock", "-F", String(frequency), "--call-graph", "dwarf,16384", "-p", String(getpid()),
            "--no-buildid", "--no-buildid-cache", "-D", "-1", "--control", "fifo:\(controlPath),\(acknowledgementPath)", "-o", outputPath, "--quiet",
        ]
        process.standardOutput = FileHandle.nullDevice
        // A file, not a pipe: an unread pipe fills up and stops perf mid-run.
        logPath = directory + "/perf.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        do {
            try process.run()
        } catch {
            throw Unavailable(description: "cannot start perf: \(error.localizedDescription)")
        }
        // perf opens both FIFOs at start-up; these opens block until it has.
        guard let control = FileHandle(forWritingAtPath: controlPath),
            let acknowledgement = FileHandle(forReadingAtPath: acknowledgementPath)
        else {
            process.terminate()
            throw Unavailable(description: "perf did not open its control FIFOs")
        }
        self.control = control
        self.acknowledgement = acknowledgement
    }

    /// Starts sampling; returns once perf acknowledged.
    public func enable() throws(Unavailable) { try command("enable") }

    /// Stops sampling; returns once perf acknowledged.
    public func disable() throws(Unavailable) { try command("disable") }

    /// Sends `text` on the control FIFO and waits for the acknowledgement. A perf that exited (a full
    /// disk, a signal) closes its FIFOs: that is reported with perf's own message, never a SIGPIPE.
    private func command(_ text: String) throws(Unavailable) {
        do {
            guard process.isRunning else { throw CocoaError(.fileWriteUnknown) }
            try control.write(contentsOf: Data((text + "\n").utf8))
            guard !acknowledgement.availableData.isEmpty else { throw CocoaError(.fileReadUnknown) }
        } catch {
            process.waitUntilExit()
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw Unavailable(
                description: "perf stopped early (exit status \(process.terminationStatus)): "
                    + log.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Ends perf and waits until its data file is complete. Through the control FIFO, not SIGINT:
    /// perf inherits the signal mask of the Dispatch thread that spawned it, with SIGINT blocked.
    public func finish() throws(Unavailable) {
        try command("stop")
        process.waitUntilExit()
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: directory)
        guard FileManager.default.fileExists(atPath: outputPath) else {
            throw Unavailable(
                description: "perf wrote no data (exit status \(process.terminationStatus)): "
                    + log.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    static func which(_ command: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func paranoidLevel() -> Int? {
        (try? String(contentsOfFile: "/proc/sys/kernel/perf_event_paranoid", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
