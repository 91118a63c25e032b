import Foundation
import Testing

@testable import GatewayService
@testable import GateSQLite

/// `SQLiteConnection.transaction` with its prepared BEGIN IMMEDIATE / COMMIT / ROLLBACK.
struct TransactionTests {
    struct Failed: Error {}

    @Test func commitsRollsBackAndIsReusable() throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.path + "/t.sqlite", create: true)
        try connection.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);")
        let count = try connection.prepare("SELECT count(*) FROM t")
        func rows() throws -> Int64? { try count.singleInt64() }
        for round in 1...3 {
            try connection.transaction { try connection.execute("INSERT INTO t VALUES (\(round))") }
            #expect(throws: Failed.self) {
                try connection.transaction {
                    try connection.execute("INSERT INTO t VALUES (-1)")
                    throw Failed()
                }
            }
            #expect(try rows() == Int64(round), "round \(round): the failed transaction must leave nothing")
        }
        #expect(throws: SQLiteError.self, "a transaction inside a transaction") {
            try connection.transaction { try connection.transaction {} }
        }
        #expect(!connection.isInTransaction, "no transaction left open")
        #expect(connection.busyStatementCount == 0)
    }

    /// A BEGIN IMMEDIATE that cannot take the write lock (another connection holds it) throws and
    /// leaves no transaction open; the next one works once the lock is free.
    @Test func aBeginThatCannotTakeTheLockThrowsAndLeavesNothingOpen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/t.sqlite"
        let holder = try SQLiteConnection(path: path, create: true)
        try holder.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);")
        let other = try SQLiteConnection(path: path)
        try holder.execute("BEGIN IMMEDIATE")
        #expect(throws: SQLiteError.self) { try other.transaction {} }
        #expect(!other.isInTransaction)
        try holder.execute("COMMIT")
        try other.transaction { try other.execute("INSERT INTO t VALUES (1)") }
    }
}
