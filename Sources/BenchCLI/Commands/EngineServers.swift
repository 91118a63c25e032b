import GatePostgres
import GateRedis

/// The servers a measuring command needs for its `--backend` and `--l2`, resolved (and checked)
/// before anything is measured; `stop()` stops those the command started.
struct EngineServers: Sendable {
    let postgres: PrivateServer?
    let redis: PrivateServer?

    /// No servers: for `--list`, which only names benchmarks.
    static let none = EngineServers(postgres: nil, redis: nil)

    private init(postgres: PrivateServer?, redis: PrivateServer?) {
        self.postgres = postgres
        self.redis = redis
    }

    init(_ options: MeasurementOptions) throws {
        let postgres = options.backend == .postgres ? try PrivateServer.resolve(.postgres, given: options.postgresUrl) : nil
        do {
            if case .redis(let url) = options.l2 {
                redis = try PrivateServer.resolve(.redis, given: url)
            } else {
                redis = nil
            }
        } catch {
            postgres?.stop()
            throw error
        }
        self.postgres = postgres
    }

    var postgresURL: PostgresURL? { postgres.flatMap { PostgresURL($0.url) } }
    var redisURL: RedisURL? { redis.flatMap { RedisURL($0.url) } }

    func stop() {
        postgres?.stop()
        redis?.stop()
    }
}
