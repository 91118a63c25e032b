// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "gatebench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bench", targets: ["bench"]),
        .library(name: "BenchCLI", targets: ["BenchCLI"]),
        .library(name: "GateBench", targets: ["GateBench"]),
        .library(name: "GatewayService", targets: ["GatewayService"]),
    ],
    // Off by default: its packages (SwiftNIO underneath) take minutes to build, and the default
    // build resolves none of them. `swift build --traits HTTPFederation` (or `make http`) turns it on.
    traits: [
        .trait(name: "HTTPFederation", description: "Federation over real HTTP on loopback (Hummingbird servers, AsyncHTTPClient).")
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),
        // No pkgConfig: hiredis.pc adds -D_FILE_OFFSET_BITS=64, which SwiftPM refuses with a warning on every build.
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "GateBench", dependencies: ["CJemalloc"]),
        // The allocator options of the bench process (`malloc_conf`); linked into the executable only.
        .target(name: "JemallocOptions"),
        .target(name: "GateSQLite", dependencies: ["CSQLite"]),
        .target(name: "GatePostgres", dependencies: ["CLibPQ"]),
        .target(name: "GateRedis", dependencies: ["CHiredis"]),
        .target(name: "CPrefetch"),
        .target(name: "GatewayService", dependencies: ["GateSQLite", "GateRedis", "CPrefetch"]),
        .target(name: "GatewayPostgres", dependencies: ["GatewayService", "GatePostgres"]),
        .target(
            name: "GatewayHTTP",
            dependencies: [
                "GatewayService",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["HTTPFederation"])),
                .product(name: "AsyncHTTPClient", package: "async-http-client", condition: .when(traits: ["HTTPFederation"])),
            ]),
        .target(name: "GateBenchReport", dependencies: ["GateBench", "GateSQLite", "GatewayService", "LoadScenarios"]),
        .target(
            name: "GateBenchmarks",
            dependencies: [
                "GateBench", "GatewayService", "GatewayPostgres", "GateRedis", "GatewayHTTP",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "Benchmarks"),
        .target(
            name: "LoadScenarios",
            dependencies: [
                "GateBench", "GatewayService", "GatePostgres", "GatewayPostgres", .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "BenchCLI",
            dependencies: [
                "GateBench", "GateBenchmarks", "GatewayService", "GatePostgres", "GatewayPostgres", "GateRedis",
                "LoadScenarios",
                "GateBenchReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "bench", dependencies: ["BenchCLI", "JemallocOptions"]),
        .testTarget(name: "GateBenchTests", dependencies: ["GateBench"]),
        .testTarget(name: "GatewayServiceTests", dependencies: ["GatewayService"]),
        .testTarget(name: "GatePostgresTests", dependencies: ["GatePostgres"]),
        .testTarget(name: "GateRedisTests", dependencies: ["GateRedis", "GateBench"]),
        .testTarget(name: "GatewayHTTPTests", dependencies: ["GatewayHTTP"]),
        .testTarget(name: "GatewayPostgresTests", dependencies: ["GatewayPostgres", "GateBench", "LoadScenarios"]),
        .testTarget(name: "LoadScenariosTests", dependencies: ["LoadScenarios"]),
        .testTarget(name: "GateBenchReportTests", dependencies: ["GateBenchReport"]),
        .testTarget(name: "BenchCLITests", dependencies: ["bench", "BenchCLI"]),
    ]
)
