import BenchCLI
import TokenBucket

/// A wrong answer from the limiter: the benchmark fails (exit 3) instead of printing a fast number.
struct WrongAnswer: Error, CustomStringConvertible {
    let description: String
}

extension Suite {
    /// The `rate_limiter` group.
    ///
    /// - `admit_hot_tenant`: one tenant, a request every 1 ms of simulated time against a limit of
    ///   500/s: exactly half must be admitted once the burst is spent.
    /// - `admit_10k_tenants`: requests spread over 10,000 tenants, each well under its limit: all
    ///   must be admitted.
    static func rateLimiter() -> Suite {
        var suite = Suite()
        suite.add(
            Benchmark(
                "rate_limiter", "admit_hot_tenant",
                setup: { () throws -> Simulation in
                    let check = Simulation(limiter: RateLimiter(ratePerSecond: 500, burst: 10))
                    for _ in 0..<10 { _ = check.request(tenant: 1, step: 0) }  // spend the burst
                    let admitted = (0..<10_000).filter { _ in check.request(tenant: 1, step: 1_000_000) }.count
                    guard admitted == 5_000 else { throw WrongAnswer(description: "admitted \(admitted) of 10,000 at 1,000/s against 500/s, expected 5,000") }
                    return Simulation(limiter: RateLimiter(ratePerSecond: 500, burst: 10))
                }
            ) { simulation in
                blackHole(simulation.request(tenant: 1, step: 1_000_000))
            })
        suite.add(
            Benchmark(
                "rate_limiter", "admit_10k_tenants",
                setup: { () throws -> Simulation in
                    let check = Simulation(limiter: RateLimiter(ratePerSecond: 100, burst: 5))
                    let admitted = (0..<100_000).filter { check.request(tenant: UInt64($0 % 10_000), step: 1_000_000) }.count
                    guard admitted == 100_000, check.limiter.tenantCount == 10_000 else {
                        throw WrongAnswer(description: "admitted \(admitted) of 100,000 requests spread under the limit, expected all")
                    }
                    return check
                }
            ) { simulation in
                simulation.counter &+= 1
                blackHole(simulation.request(tenant: simulation.counter % 10_000, step: 1_000_000))
            })
        return suite
    }
}

/// A limiter and a simulated clock that advances by `step` nanoseconds per request.
///
/// `@unchecked Sendable`: the runner calls a benchmark's body from one thread at a time.
final class Simulation: @unchecked Sendable {
    var limiter: RateLimiter
    var now: UInt64 = 1
    var counter: UInt64 = 0

    init(limiter: RateLimiter) {
        self.limiter = limiter
    }

    func request(tenant: UInt64, step: UInt64) -> Bool {
        now &+= step
        return limiter.admit(tenant, now: now)
    }
}
