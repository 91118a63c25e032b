import ArgumentParser
import GatewayService

/// How results are printed on stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown
}

extension Wave: ExpressibleByArgument {}
