import Testing

@testable import GatewayService

struct TeamServiceTests {
    @Test func membersOfTheLargestTeamOwnerFirstAndLimited() throws {
        let directory = try TemporaryDirectory()
        let (database, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let teams = try TeamService(connection: db)
        let largest = database.manifest.largestTeamID
        let size = try db.integer("SELECT count(*) FROM team_members WHERE team_id = \(largest)")
        let members = try teams.members(of: largest, limit: 1_000)
        #expect(members.count == min(Int(size), 1_000))
        #expect(members.first?.role == "owner")
        #expect(members.dropFirst().allSatisfy { $0.role == "member" })
        #expect(members.dropFirst().map(\.email) == members.dropFirst().map(\.email).sorted())
        #expect(try teams.members(of: largest, limit: 10).count == 10)
        #expect(try teams.members(of: -1).isEmpty)
    }

    @Test func unknownUserHasNoTeams() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        #expect(try TeamService(connection: db).teamIDs(of: "nobody@example.com").isEmpty)
    }
}
