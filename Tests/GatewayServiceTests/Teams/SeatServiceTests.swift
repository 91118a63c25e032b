import Testing

@testable import GatewayService

struct SeatServiceTests {
    @Test func claimsFillTheLimitThenAreFullAndAUserHoldsOneSeat() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        try SeatService.prepareSchema(on: db)
        let seats = SeatService(connection: db)
        try seats.reset(team: 7, limit: 2)
        #expect(try seats.claim(team: 7, user: "a@x", at: 1) == .joined)
        #expect(try seats.claim(team: 7, user: "a@x", at: 2) == .conflict)
        #expect(try seats.claim(team: 7, user: "b@x", at: 3) == .joined)
        #expect(try seats.claim(team: 7, user: "c@x", at: 4) == .full)
        #expect(try seats.claim(team: 8, user: "a@x", at: 5) == .full, "a team without a limit has no seats")
        #expect(try seats.holders(of: 7) == ["a@x", "b@x"])
        #expect(try seats.limit(of: 7) == 2)
        try seats.reset(team: 7, limit: 5)
        #expect(try seats.holders(of: 7).isEmpty)
    }

    @Test func togglesFlipTheFlagAndCountThemselves() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        try FeatureFlags.prepareSchema(on: db)
        let flags = FeatureFlags(connection: db)
        try flags.reset("f")
        for _ in 0..<3 { #expect(try flags.toggle("f")) }
        #expect(try flags.state("f")?.enabled == true)
        #expect(try flags.state("f")?.toggles == 3)
        #expect(try flags.toggle("missing") == false)
        #expect(try flags.state("missing") == nil)
    }
}
