import Foundation
import Synchronization
import Testing

@testable import GatePostgres

/// The pool's bounds and waits, with plain values as resources (no server needed).
struct ConnectionPoolTests {
    final class Resource: Sendable {
        let number: Int
        init(_ number: Int) { self.number = number }
    }

    @Test func idleResourcesAreReusedAndNoMoreThanTheCapacityIsOpened() throws {
        let opened = Atomic(0)
        let pool = ConnectionPool(capacity: 3) { Resource(opened.add(1, ordering: .relaxed).newValue) }
        let first = try pool.take().resource
        pool.putBack(first)
        #expect(try pool.take().resource === first)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<200 {
                guard let (resource, _) = try? pool.take() else { continue }
                pool.putBack(resource)
            }
        }
        #expect(pool.openedCount <= 3)
        #expect(opened.load(ordering: .relaxed) == pool.openedCount)
    }

    @Test func aTakerWaitsForAPutBackAndTheWaitIsMeasured() throws {
        let pool = ConnectionPool(capacity: 1) { Resource(1) }
        let held = try pool.take().resource
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { pool.putBack(held) }
        let (again, waited) = try pool.take()
        #expect(again === held)
        #expect(waited >= 80_000_000, "waited \(waited) ns")
    }

    @Test func anExhaustedPoolThrowsAfterItsTimeout() throws {
        let pool = ConnectionPool(capacity: 1, timeout: .milliseconds(50)) { Resource(1) }
        _ = try pool.take()
        #expect(throws: ConnectionPool<Resource>.Exhausted.self) { try pool.take() }
    }

    @Test func aFailedOpenGivesItsPlaceBack() throws {
        struct Refused: Error {}
        let attempts = Atomic(0)
        let pool = ConnectionPool(capacity: 1, timeout: .milliseconds(50)) { () throws -> Resource in
            if attempts.add(1, ordering: .relaxed).newValue == 1 { throw Refused() }
            return Resource(2)
        }
        #expect(throws: Refused.self) { try pool.take() }
        #expect(try pool.take().resource.number == 2, "the failed open must not keep the only place")
    }
}
