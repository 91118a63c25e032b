import ArgumentParser
import Foundation

/// The `bench` command line, for gatebench's suite or for any other: `main.swift` is one line.
///
/// ```swift
/// import BenchCLI
/// await BenchCommandLine.main(BenchSuite { options in Suite.myService() })
/// ```
public enum BenchCommandLine {
    /// Parses the arguments and runs `suite` through the chosen subcommand; never returns.
    public static func main(_ suite: BenchSuite) async -> Never {
        BenchSuite.current = suite
        if let releaseBuild = DebugBuildRedirect(arguments: CommandLine.arguments) { releaseBuild.run() }
        await Bench.main()
        exit(ExitStatus.ok.rawValue)
    }
}

/// The `bench` command.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run gatebench's service-layer micro-benchmarks.",
        discussion: """
            `bench --group multi_tenancy` runs a group (run is the default subcommand); `bench run --help` lists \
            every option (--list, --group, --filter, --wave, --compare, --profile, ...).
            Exit status: 0 ok, 1 regression or a load assertion failed, 2 usage error or incomparable, 3 benchmark failed \
            or a load invariant broke, 4 environment error, 130 interrupted.
            """,
        subcommands: [
            Run.self, AB.self, Compare.self, Noise.self, Load.self, Scale.self, Matrix.self, Report.self, History.self, Seed.self,
            Flamegraph.self,
        ],
        defaultSubcommand: Run.self)

    /// Parses and runs, mapping every failure onto `ExitStatus` (argument-parser alone would exit 64 on usage errors).
    static func main() async {
        // A closed pipe (`bench | head`, a perf pipe that died) must be an error we report, never a silent death.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("Error: \(failure.message)\n".utf8))
            Foundation.exit(failure.status.rawValue)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }
}
