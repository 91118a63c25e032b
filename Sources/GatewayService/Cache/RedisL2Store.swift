import GateRedis
import Synchronization

/// The L2 on a Redis server: one connection, used under a lock (a hit is one `GET` round trip).
/// Keys are namespaced by `keyPrefix`, so several caches (or runs) can share one server.
public final class RedisL2Store: L2Store {
    private let connection: Mutex<RedisConnection>
    /// Prepended to every key.
    public let keyPrefix: String

    public init(url: RedisURL, keyPrefix: String = "gatebench:") throws(RedisError) {
        connection = Mutex(try RedisConnection(url: url))
        self.keyPrefix = keyPrefix
    }

    public func get<T: Sendable>(_ key: String, _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        try connection.withLock { try $0.get(key, prefix: keyPrefix, body) }
    }

    public func set(_ key: String, _ bytes: [UInt8], ttl: Duration) throws {
        let milliseconds = ttl.components.seconds * 1_000 + ttl.components.attoseconds / 1_000_000_000_000_000
        try connection.withLock { try $0.set(key, prefix: keyPrefix, bytes, ttlMilliseconds: milliseconds) }
    }

    public func invalidate(_ key: String) throws {
        try connection.withLock { _ = try $0.delete([keyPrefix + key]) }
    }

    public func invalidate(prefix: String) throws {
        try connection.withLock { _ = try $0.delete(prefix: keyPrefix + prefix) }
    }
}
