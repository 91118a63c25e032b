import BenchCLI

await BenchCommandLine.main(BenchSuite { _ in .rateLimiter() })
