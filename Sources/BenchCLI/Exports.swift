// A suite of your own needs only `import BenchCLI`: the harness's types and the options the
// command line passes to suites come with it.
@_exported import GateBench
@_exported import struct GateBenchmarks.SuiteOptions
