import ArgumentParser
import GateBench
import GatewayService

/// How results are printed on stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown
}

extension Wave: ExpressibleByArgument {}

/// What `--profile` records.
enum ProfileKind: String, ExpressibleByArgument, CaseIterable {
    /// perf stack samples (`cpu-clock`) of the measured rounds.
    case cpu
    /// jemalloc's sampled allocation sites (bytes) during the measured rounds.
    case alloc
}
