import Foundation
import GateBench

/// `swift run bench` builds in debug, where timings mean nothing: a debug `bench` asked to measure
/// builds the release binary of its package and runs that instead, with the same arguments.
///
/// Set `GATEBENCH_DEBUG_TIMINGS=1` to measure the debug build anyway (the tests do, to exercise
/// the commands quickly; every such run prints the debug banner and records `build: debug`).
struct DebugBuildRedirect {
    static let environmentKey = "GATEBENCH_DEBUG_TIMINGS"

    let packageRoot: String
    let product: String
    let arguments: [String]

    /// Nil when there is nothing to do: a release build, the variable set, a command that does not
    /// measure, or a binary that does not sit in a package's `.build` directory.
    init?(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard BuildConfiguration.current == .debug, environment[Self.environmentKey] == nil else { return nil }
        let rest = Array(arguments.dropFirst())
        guard Self.measures(rest) else { return nil }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
        guard let range = executable.range(of: "/.build/") else { return nil }
        let root = String(executable[..<range.lowerBound])
        guard FileManager.default.fileExists(atPath: root + "/Package.swift") else { return nil }
        packageRoot = root
        product = (executable as NSString).lastPathComponent
        self.arguments = rest
    }

    /// Whether `arguments` (without the program name) ask for something measured or slow in debug.
    static func measures(_ arguments: [String]) -> Bool {
        if arguments.contains(where: { ["--help", "-h", "--list", "--version"].contains($0) }) { return false }
        guard let first = arguments.first, !first.hasPrefix("-") else { return true }  // `bench --group g`: run
        return ["run", "noise", "scale", "load", "seed"].contains(first)
    }

    /// Builds the release binary and replaces this process with it; exits 4 when that fails.
    func run() -> Never {
        let command = "swift build -c release --product \(product)"
        note("this is a debug build: building the release binary (\(command)) and running it instead; set \(Self.environmentKey)=1 to measure the debug build")
        guard swift(["build", "-c", "release", "--product", product]) != nil,
            let binPath = swift(["build", "-c", "release", "--show-bin-path"])?.trimmingCharacters(in: .whitespacesAndNewlines)
        else {
            fail("`\(command)` failed in \(packageRoot); run it to see why")
        }
        let release = binPath + "/" + product
        let argv = ([release] + arguments).map { strdup($0) } + [nil]
        execv(release, argv)
        fail("cannot run \(release): \(String(cString: strerror(errno)))")
    }

    /// Runs `swift` in the package root, its progress on stderr; what it printed on stdout, or nil when it failed.
    private func swift(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let output = Pipe()
        process.standardOutput = arguments.contains("--show-bin-path") ? output : FileHandle.standardError
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = arguments.contains("--show-bin-path") ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("bench: \(text)\n".utf8))
    }

    private func fail(_ text: String) -> Never {
        FileHandle.standardError.write(Data("Error: \(text)\n".utf8))
        exit(ExitStatus.environment.rawValue)
    }
}
