/// A second-level cache behind `L1Cache`: shared by every gateway process, values as bytes.
public protocol L2Store: Sendable {
    /// Calls `body` with the bytes stored for `key` (valid only during the call), or nil when absent.
    func get<T: Sendable>(_ key: String, _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T
    /// Stores `bytes` for `key` for `ttl`.
    func set(_ key: String, _ bytes: [UInt8], ttl: Duration) throws
    /// Removes `key`.
    func invalidate(_ key: String) throws
    /// Removes every key starting with `prefix`.
    func invalidate(prefix: String) throws
}
