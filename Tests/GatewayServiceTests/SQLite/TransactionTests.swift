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

    /// A connection prepares BEGIN/COMMIT/ROLLBACK once and finalizes them when it closes: many
    /// connections that ran transactions (committed and rolled back) close without a trace, and
    /// what they committed is there.
    @Test func connectionsThatRanTransactionsCloseCleanly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/t.sqlite"
        try SQLiteConnection(path: path, create: true).execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);")
        for round in 1...100 {
            let connection = try SQLiteConnection(path: path)
            try connection.transaction { try connection.execute("INSERT INTO t VALUES (\(round))") }
            try? connection.transaction {
                try connection.execute("INSERT INTO t VALUES (-1)")
                throw Failed()
            }
        }
        #expect(try SQLiteConnection(path: path).prepare("SELECT count(*), min(x) FROM t").singleInt64() == 100)
    }
}
