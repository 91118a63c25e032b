import BenchCLI

await BenchCommandLine.main(.gatebench)
