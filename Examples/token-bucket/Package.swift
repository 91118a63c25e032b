// swift-tools-version: 6.0
// An example of gatebench used on your own code: a per-tenant token-bucket rate limiter, with its
// own benchmark group, run through gatebench's command line (run, ab, compare, profile, report).
import PackageDescription

let package = Package(
    name: "token-bucket",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "gatebench", path: "../..")
    ],
    targets: [
        .target(name: "TokenBucket"),
        .executableTarget(
            name: "token-bucket-bench",
            dependencies: ["TokenBucket", .product(name: "BenchCLI", package: "gatebench")]),
    ]
)
