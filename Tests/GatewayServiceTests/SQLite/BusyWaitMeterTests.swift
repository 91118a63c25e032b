import Foundation
import Testing

@testable import GatewayService
@testable import GateSQLite

struct BusyWaitMeterTests {
    @Test func aWriterWaitingForTheLockIsMeasuredThenProceeds() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/lock.sqlite"
        let holder = try SQLiteConnection(path: path, create: true)
        try holder.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);")
        let waiter = try SQLiteConnection(path: path)
        let meter = BusyWaitMeter(timeout: .seconds(5))
        meter.install(on: waiter)
        try holder.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (1);")
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(80)) {
            try? holder.execute("COMMIT")
            released.signal()
        }
        try waiter.execute("INSERT INTO t VALUES (2)")
        released.wait()
        #expect(meter.retries > 0)
        #expect(meter.waitedNanoseconds >= 40_000_000, "waited \(meter.waitedNanoseconds) ns for an 80 ms lock")
        #expect(try waiter.prepare("SELECT count(*) FROM t").singleInt64() == 2)
    }

    @Test func itGivesUpAfterItsTimeout() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/lock.sqlite"
        let holder = try SQLiteConnection(path: path, create: true)
        try holder.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);")
        let waiter = try SQLiteConnection(path: path)
        BusyWaitMeter(timeout: .milliseconds(100)).install(on: waiter)
        let start = Date()
        #expect(throws: SQLiteError.self) { try waiter.execute("INSERT INTO t VALUES (2)") }
        #expect(Date().timeIntervalSince(start) < 2)
        try holder.execute("COMMIT")
    }
}
