import Foundation

/// Runs the `bench` executable built beside this test bundle and captures what it printed.
struct BenchExecutable {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The products directory: the test bundle's own directory (`.build/<config>/`).
    static var productsDirectory: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
            .deletingLastPathComponent()
    }

    static func run(_ arguments: [String], executable: URL = productsDirectory.appendingPathComponent("bench")) throws
        -> Output
    {
        try start(arguments, executable: executable).finish()
    }

    /// A `bench` started in the background (to be signalled), its output captured.
    struct Running {
        let process: Process
        let stdout = Pipe()
        let stderr = Pipe()

        /// Waits for the exit; what it printed.
        func finish() -> Output {
            let outData = stdout.fileHandleForReading.readDataToEndOfFile()
            let errData = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Output(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    static func start(_ arguments: [String], executable: URL = productsDirectory.appendingPathComponent("bench")) throws
        -> Running
    {
        let running = Running(process: Process())
        running.process.executableURL = executable
        running.process.arguments = arguments
        // Run the debug build as it is (it would otherwise rebuild and run the release binary).
        var environment = ProcessInfo.processInfo.environment
        environment["GATEBENCH_DEBUG_TIMINGS"] = "1"
        running.process.environment = environment
        running.process.standardOutput = running.stdout
        running.process.standardError = running.stderr
        try running.process.run()
        return running
    }

    /// A new empty directory for one test (the caller removes it).
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatebench-\(label)-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Where `command` is on PATH, if anywhere.
    static func which(_ command: String) -> URL? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(command)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
