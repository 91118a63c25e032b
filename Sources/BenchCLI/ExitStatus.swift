/// Every exit status of `bench`, in one place (the README lists them).
enum ExitStatus: Int32 {
    /// Everything ran; no regression.
    case ok = 0
    /// A comparison with a baseline found a regression; a load scenario's assertion failed.
    case regression = 1
    /// Bad command line: unknown flag, group, benchmark or value; an output file that exists without
    /// `--force`; runs that cannot be compared or have nothing in common; an unknown revision or a failed build.
    case usage = 2
    /// A benchmark failed: its setup or body threw, or its answer was wrong; a load broke an invariant.
    case benchmarkFailed = 3
    /// The machine cannot do what was asked: jemalloc is not the allocator, a file cannot be written.
    case environment = 4
    /// Stopped by SIGINT or SIGTERM; what was measured was reported first (128 + SIGINT, as shells do).
    case interrupted = 130
}

/// Ends the command with `status` after printing `message` on stderr.
struct CommandFailure: Error {
    let status: ExitStatus
    let message: String
}
