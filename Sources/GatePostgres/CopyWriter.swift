import CLibPQ

extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` (text format) and streams what `write` appends, 1 MiB at a time.
    ///
    /// - Parameter sql: `COPY table (columns) FROM STDIN`.
    public func copy(_ sql: String, _ write: (CopyWriter) throws -> Void) throws {
        let start = PQexec(handle, sql)
        defer { PQclear(start) }
        try check(start, sql: sql)
        let writer = CopyWriter(connection: self)
        do {
            try write(writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "gatebench: the load failed")
            while let result = PQgetResult(handle) { PQclear(result) }
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw PostgresError(kind: .statement, message: PostgresConnection.trimmed(PQerrorMessage(handle)), sql: sql)
        }
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            do { try check(result, sql: sql) } catch { failure = failure ?? error }
            PQclear(result)
        }
        if let failure { throw failure }
    }
}

/// Builds `COPY` text rows: fields separated by tabs, rows by newlines, `\N` for NULL.
public final class CopyWriter {
    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    private static let flushSize = 1 << 20

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.flushSize + 65_536)
    }

    private func separate() {
        if fieldsInRow > 0 { buffer.append(0x09) }
        fieldsInRow += 1
    }

    public func append(_ value: Int64) {
        separate()
        buffer.appendDecimal(value)
    }

    public func append(_ value: Double) {
        separate()
        buffer.append(contentsOf: "\(value)".utf8)
    }

    public func appendNull() {
        separate()
        buffer.append(contentsOf: [0x5C, UInt8(ascii: "N")])
    }

    /// Appends text, escaping backslash, tab, newline and carriage return.
    public func append(text bytes: UnsafeRawBufferPointer) {
        separate()
        for byte in bytes {
            switch byte {
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }

    /// Ends the row; sends the buffer when it is full.
    public func endRow() throws(PostgresError) {
        buffer.append(0x0A)
        fieldsInRow = 0
        if buffer.count >= Self.flushSize { try flush() }
    }

    func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        let status = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(connection.handle, $0.baseAddress, Int32($0.count)) }
        }
        guard status == 1 else {
            throw PostgresError(
                kind: .connection, message: "COPY to \(connection.url.redacted) failed: "
                    + PostgresConnection.trimmed(PQerrorMessage(connection.handle)))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension [UInt8] {
    /// Appends `value` in decimal ASCII, with no allocation beyond the array's growth.
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let first = count
        repeat {
            append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        self[first...].reverse()
    }
}
