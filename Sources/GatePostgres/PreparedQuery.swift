import CLibPQ

/// A statement prepared on the server: bind its parameters in order, then `run()`.
///
/// Parameters go as text in one reused buffer, so an execution allocates nothing on our side once
/// the buffer has grown to its working size; libpq allocates the result (`PostgresRows`).
/// ```swift
/// query.bind("u0000001@tenant.example")
/// let rows = try query.run()
/// ```
public final class PreparedQuery {
    let name: String
    /// The statement's SQL text.
    public let sql: String
    let connection: PostgresConnection
    private var bytes: [UInt8] = []
    /// Where each bound value starts in `bytes`; nil for NULL.
    private var starts: [Int?] = []
    private var pointers: [UnsafePointer<CChar>?] = []

    init(name: String, sql: String, connection: PostgresConnection) {
        self.name = name
        self.sql = sql
        self.connection = connection
        bytes.reserveCapacity(256)
    }

    /// Binds the next parameter to an integer.
    public func bind(_ value: Int64) {
        starts.append(bytes.count)
        appendDigits(value)
        bytes.append(0)
    }

    /// Binds the next parameter to an integer.
    public func bind(_ value: Int) { bind(Int64(value)) }

    /// Binds the next parameter to text, or NULL for nil.
    public func bind(_ value: String?) {
        guard var value else {
            starts.append(nil)
            return
        }
        starts.append(bytes.count)
        value.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(0)
    }

    /// Binds the next parameter to a `bigint[]` (the text form `{1,2,3}`), for `= ANY($n)`.
    public func bind(array values: [Int64]) {
        starts.append(bytes.count)
        bytes.append(UInt8(ascii: "{"))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendDigits(value)
        }
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0)
    }

    /// Binds the next parameter to a `text[]` (the text form `{"a","b"}`, every element quoted with
    /// `"` and `\` escaped), for `unnest($n)` and `= ANY($n)`.
    public func bind(textArray values: [String]) {
        starts.append(bytes.count)
        bytes.append(UInt8(ascii: "{"))
        for (index, var value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            value.withUTF8 { utf8 in
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                    bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0)
    }

    private func appendDigits(_ value: Int64) {
        bytes.appendDecimal(value)
    }

    /// Executes with the bound parameters (then clears them) and returns the rows.
    public func run() throws(PostgresError) -> PostgresRows {
        defer {
            bytes.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
        }
        let result: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress)
            pointers.removeAll(keepingCapacity: true)
            for start in starts {
                pointers.append(start.flatMap { base?.advanced(by: $0).assumingMemoryBound(to: CChar.self) })
            }
            return pointers.withUnsafeBufferPointer { values in
                PQexecPrepared(connection.handle, name, Int32(values.count), values.baseAddress, nil, nil, 0)
            }
        }
        do {
            try connection.check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return PostgresRows(result!)
    }
}
