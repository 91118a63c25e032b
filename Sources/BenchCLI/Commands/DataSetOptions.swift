import ArgumentParser
import GatewayService

/// Which seeded data set a command works on: `bench seed` and `bench load`.
struct DataSetOptions: ParsableArguments {
    @Option(help: "The data set.")
    var wave: Wave = .small

    @Option(help: "The seed of the data set's generator.")
    var seed: UInt64 = 42

    @Option(help: "Where seeded databases are kept.")
    var dataDir: String = ".benchdata"

    var plan: SeedPlan { SeedPlan(wave: wave, seed: seed) }
}
