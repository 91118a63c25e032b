import Foundation
import GateBench
import Testing

@testable import GateRedis

struct RedisURLTests {
    @Test func urlsParseAndRedact() throws {
        let full = try #require(RedisURL("redis://:s3cret@127.0.0.1:63799/2"))
        #expect(full.host == "127.0.0.1" && full.port == 63799 && full.password == "s3cret" && full.database == 2)
        #expect(full.redacted == "redis://:***@127.0.0.1:63799/2" && !full.description.contains("s3cret"))
        let bare = try #require(RedisURL("redis://cache.example"))
        #expect(bare.port == 6379 && bare.password == nil && bare.database == 0)
        for bad in ["http://x", "redis://", "redis://h:0", "redis://h:99999", "redis://h/x", "redis://:pw@"] {
            #expect(RedisURL(bad) == nil, "\(bad)")
        }
    }

    @Test func patternCharactersOfAPrefixAreEscaped() {
        #expect(RedisConnection.escapedPattern("a*b?[c]\\") == "a\\*b\\?\\[c\\]\\\\")
    }
}

/// Against the project's own private server (`scripts/redis.sh start`).
@Suite(.enabled(if: RedisTestServer.url != nil, "no Redis server could be started (scripts/redis.sh start)"))
struct RedisConnectionTests {
    let prefix = "gatebench-test:\(UUID().uuidString):"

    @Test func valuesAreStoredReadAndDeletedAsBytes() throws {
        let redis = try RedisConnection(url: RedisTestServer.url!)
        let value: [UInt8] = [0, 1, 2, 0xFF, 0x0A, 0x0D] + Array(repeating: 7, count: 200_000)
        try redis.set(prefix + "k\u{0}ey", value, ttlMilliseconds: 60_000)
        #expect(try redis.get(prefix + "k\u{0}ey") { $0.map(Array.init) } == value)
        #expect(try redis.get(prefix + "absent") { $0 == nil })
        #expect(try redis.delete([prefix + "k\u{0}ey", prefix + "absent"]) == 1)
        #expect(try redis.get(prefix + "k\u{0}ey") { $0 == nil })
    }

    @Test func aPrefixDeletesOnlyItsKeysEvenWithPatternCharacters() throws {
        let redis = try RedisConnection(url: RedisTestServer.url!)
        let odd = prefix + "t*ols["
        for index in 0..<2_500 { try redis.set(odd + "\(index)", [1], ttlMilliseconds: 60_000) }
        try redis.set(prefix + "tXols-other", [2], ttlMilliseconds: 60_000)
        #expect(try redis.delete(prefix: odd) == 2_500)
        #expect(try redis.get(prefix + "tXols-other") { $0.map(Array.init) } == [2])
        _ = try redis.delete(prefix: prefix)
    }

    @Test func aWrongPasswordIsAConnectionErrorWithoutThePassword() throws {
        let url = RedisTestServer.url!
        let wrong = try #require(RedisURL("redis://:wrong-s3cret@\(url.host):\(url.port)/0"))
        let error = #expect(throws: RedisError.self) { try RedisConnection(url: wrong) }
        #expect(error?.kind == .connection)
        #expect(error?.description.contains("wrong-s3cret") == false)
        let unreachable = try #require(RedisURL("redis://127.0.0.1:1"))
        #expect(throws: RedisError.self) { try RedisConnection(url: unreachable, timeoutSeconds: 2) }
    }
}

/// The project's private Redis server, started once for these tests; nil (reason on stderr) when it cannot be.
enum RedisTestServer {
    static let url: RedisURL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let started = ScriptRunner.run("\(root)/scripts/redis.sh", ["start"])
        guard started.status == 0, let url = RedisURL(started.lastLine) else {
            FileHandle.standardError.write(Data("Redis tests skipped: scripts/redis.sh start failed: \(started.stderr)\n".utf8))
            return nil
        }
        return url
    }()
}
