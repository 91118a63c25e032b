import CLibPQ

/// The rows of one result, read by row and column index; freed when it goes out of scope.
///
/// Non-copyable so that the libpq result it owns is freed exactly once, with no object allocated
/// to own it. Values arrive as text: integers are parsed from the bytes, strings copied once.
public struct PostgresRows: ~Copyable {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) {
        self.result = result
    }

    deinit {
        PQclear(result)
    }

    /// Rows in the result.
    public var count: Int { Int(PQntuples(result)) }

    /// Rows an INSERT, UPDATE or DELETE changed (`PQcmdTuples`); 0 for other statements.
    public var affectedRows: Int {
        var value = 0
        var pointer = PQcmdTuples(result)!
        while pointer.pointee >= 0x30 && pointer.pointee <= 0x39 {
            value = value * 10 + Int(pointer.pointee - 0x30)
            pointer += 1
        }
        return value
    }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) != 0
    }

    /// An integer column (0 for NULL).
    public func int64(_ row: Int, _ column: Int) -> Int64 {
        var pointer = PQgetvalue(result, Int32(row), Int32(column))!
        let negative = pointer.pointee == 0x2D
        if negative { pointer += 1 }
        var value: Int64 = 0
        while pointer.pointee >= 0x30 && pointer.pointee <= 0x39 {
            value = value &* 10 &+ Int64(pointer.pointee - 0x30)
            pointer += 1
        }
        return negative ? -value : value
    }

    public func optionalInt64(_ row: Int, _ column: Int) -> Int64? {
        isNull(row, column) ? nil : int64(row, column)
    }

    /// A text column ("" for NULL).
    public func string(_ row: Int, _ column: Int) -> String {
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        let value = UnsafeRawPointer(PQgetvalue(result, Int32(row), Int32(column))!)
        return String(decoding: UnsafeRawBufferPointer(start: value, count: length), as: UTF8.self)
    }

    public func optionalString(_ row: Int, _ column: Int) -> String? {
        isNull(row, column) ? nil : string(row, column)
    }

    /// The first byte of a text column (0 when empty), to tell enumerated values apart without a String.
    public func firstByte(_ row: Int, _ column: Int) -> UInt8 {
        UInt8(bitPattern: PQgetvalue(result, Int32(row), Int32(column))!.pointee)
    }

    /// The length of a column's text in bytes.
    public func byteCount(_ row: Int, _ column: Int) -> Int {
        Int(PQgetlength(result, Int32(row), Int32(column)))
    }
}
