import ArgumentParser
import GateBench
import GatewayService

/// How results are printed on stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown
}

extension Wave: ExpressibleByArgument {}

extension ComparisonMetric: ExpressibleByArgument {}
