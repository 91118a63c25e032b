import CHiredis

#if canImport(Glibc)
import Glibc
#endif

/// One Redis connection through hiredis, Redis's own C client.
///
/// hiredis rather than a Swift client: none is in the package mirror, and it costs no build time
/// (a system library, like SQLite and libpq). A command is one blocking round trip on the calling
/// thread; keys and values go as binary-safe argument vectors, with no formatting. Not
/// thread-safe: one thread at a time (`RedisL2Store` holds it under a lock).
public final class RedisConnection: @unchecked Sendable {
    private let context: UnsafeMutablePointer<redisContext>
    public let url: RedisURL
    /// The arguments of the command being built, back to back, their lengths and (while sending)
    /// their addresses; reused across commands.
    private var argumentBytes: [UInt8] = []
    private var argumentLengths: [Int] = []
    private var argumentPointers: [UnsafePointer<CChar>?] = []

    /// Connects, authenticates and selects the database; `.connection` errors name the URL without its password.
    public init(url: RedisURL, timeoutSeconds: Int = 5) throws(RedisError) {
        guard let context = redisConnectWithTimeout(url.host, url.port, timeval(tv_sec: timeoutSeconds, tv_usec: 0)) else {
            throw RedisError(kind: .connection, message: "cannot connect to \(url.redacted): out of memory")
        }
        guard context.pointee.err == 0 else {
            let reason = Self.errorText(context)
            redisFree(context)
            throw RedisError(kind: .connection, message: "cannot connect to \(url.redacted): \(reason)")
        }
        self.context = context
        self.url = url
        do {
            if let password = url.password { try command(["AUTH", password]) { _ in } }
            if url.database != 0 { try command(["SELECT", String(url.database)]) { _ in } }
        } catch {
            throw RedisError(kind: .connection, message: "cannot connect to \(url.redacted): \(error.message)")
        }
    }

    deinit {
        redisFree(context)
    }

    /// Calls `body` with the value of `prefix + key` (valid only during the call), or nil when it is
    /// absent. The key is written straight into the command buffer: a lookup allocates nothing here.
    public func get<T>(_ key: String, prefix: String = "", _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        appendArgument("GET")
        appendArgument(key, prefix: prefix)
        return try send { reply in
            guard let reply, reply.pointee.type == REDIS_REPLY_STRING else { return try body(nil) }
            return try body(UnsafeRawBufferPointer(start: reply.pointee.str, count: reply.pointee.len))
        }
    }

    /// Stores `value` under `prefix + key` for `ttlMilliseconds` (`SET key value PX ms`).
    public func set(_ key: String, prefix: String = "", _ value: [UInt8], ttlMilliseconds: Int64) throws(RedisError) {
        appendArgument("SET")
        appendArgument(key, prefix: prefix)
        argumentBytes.append(contentsOf: value)
        argumentLengths.append(value.count)
        appendArgument("PX")
        appendArgument(String(max(1, ttlMilliseconds)))
        try send { _ in }
    }

    /// Deletes `keys`; returns how many existed.
    @discardableResult
    public func delete(_ keys: [String]) throws(RedisError) -> Int {
        guard !keys.isEmpty else { return 0 }
        return try command(["UNLINK"] + keys) { reply in Int(reply?.pointee.integer ?? 0) }
    }

    /// Deletes every key starting with `prefix` (`SCAN … MATCH prefix*`, then `UNLINK`); returns how many.
    @discardableResult
    public func delete(prefix: String) throws(RedisError) -> Int {
        let pattern = Self.escapedPattern(prefix) + "*"
        var cursor = "0", deleted = 0
        repeat {
            var keys: [String] = []
            cursor = try command(["SCAN", cursor, "MATCH", pattern, "COUNT", "1000"]) { reply in
                guard let reply, reply.pointee.type == REDIS_REPLY_ARRAY, reply.pointee.elements == 2,
                    let next = reply.pointee.element[0], let batch = reply.pointee.element[1]
                else { return "0" }
                for index in 0..<batch.pointee.elements {
                    guard let key = batch.pointee.element[index] else { continue }
                    keys.append(String(decoding: UnsafeRawBufferPointer(start: key.pointee.str, count: key.pointee.len), as: UTF8.self))
                }
                return String(cString: next.pointee.str)
            }
            deleted += try delete(keys)
        } while cursor != "0"
        return deleted
    }

    /// Deletes every key of the selected database.
    public func flush() throws(RedisError) {
        try command(["FLUSHDB"]) { _ in }
    }

    /// Runs a command of text arguments (binary-safe: a key may hold any byte) and reads its reply in `body`.
    public func command<T>(_ arguments: [String], _ body: (UnsafeMutablePointer<redisReply>?) throws -> T) throws(RedisError) -> T {
        for argument in arguments { appendArgument(argument) }
        return try send(body)
    }

    /// Appends one argument, `prefix` then `text`, to the command being built.
    private func appendArgument(_ text: String, prefix: String = "") {
        var (prefix, text) = (prefix, text)
        prefix.withUTF8 { argumentBytes.append(contentsOf: $0) }
        text.withUTF8 { argumentBytes.append(contentsOf: $0) }
        argumentLengths.append(prefix.utf8.count + text.utf8.count)
    }

    /// Sends the command built by `appendArgument`, clears it, and reads the reply in `body`.
    private func send<T>(_ body: (UnsafeMutablePointer<redisReply>?) throws -> T) throws(RedisError) -> T {
        argumentBytes.append(0)  // a valid pointer even when every argument is empty
        let reply = argumentBytes.withUnsafeBufferPointer { bytes in
            argumentPointers.removeAll(keepingCapacity: true)
            var offset = 0
            for length in argumentLengths {
                argumentPointers.append(UnsafeRawPointer(bytes.baseAddress! + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            return redisCommandArgv(context, Int32(argumentLengths.count), &argumentPointers, &argumentLengths)
        }
        argumentBytes.removeAll(keepingCapacity: true)
        argumentLengths.removeAll(keepingCapacity: true)
        return try finish(reply, body)
    }

    private func finish<T>(_ raw: UnsafeMutableRawPointer?, _ body: (UnsafeMutablePointer<redisReply>?) throws -> T) throws(RedisError) -> T {
        guard let raw else {
            throw RedisError(kind: .connection, message: "lost the connection to \(url.redacted): \(Self.errorText(context))")
        }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        if reply.pointee.type == REDIS_REPLY_ERROR {
            throw RedisError(kind: .command, message: String(cString: reply.pointee.str))
        }
        do {
            return try body(reply)
        } catch let error as RedisError {
            throw error
        } catch {
            throw RedisError(kind: .command, message: String(describing: error))
        }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafePointer(to: context.pointee.errstr) {
            $0.withMemoryRebound(to: CChar.self, capacity: 128) { String(cString: $0) }
        }
    }

    /// `prefix` with the glob characters of `SCAN MATCH` escaped.
    static func escapedPattern(_ prefix: String) -> String {
        var pattern = ""
        for character in prefix {
            if "*?[]\\".contains(character) { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern
    }
}
