import Foundation
import Testing

@testable import GatewayService

struct SeederTests {
    @Test func sameSeedSameContentDifferentSeedDifferentContent() throws {
        let first = try TemporaryDirectory(), second = try TemporaryDirectory()
        let (_, a) = try first.seeded(SeedPlan(wave: .tiny, seed: 42))
        let (_, b) = try second.seeded(SeedPlan(wave: .tiny, seed: 42))
        let (_, c) = try second.seeded(SeedPlan(wave: .tiny, seed: 43))
        #expect(try a.contentHash() == b.contentHash())
        #expect(try a.contentHash() != c.contentHash())
    }

    @Test func tinyWaveHasTheContractShape() throws {
        let directory = try TemporaryDirectory()
        let (database, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let size = Wave.tiny.size
        #expect(try db.integer("SELECT count(*) FROM users") == Int64(size.users))
        #expect(try db.integer("SELECT count(*) FROM teams") == Int64(size.teams))
        #expect(try db.integer("SELECT count(*) FROM teams WHERE is_personal = 1") == Int64(size.users))
        #expect(try db.integer("SELECT count(*) FROM tools") == Int64(size.tools))
        #expect(try db.integer("SELECT count(*) FROM agents") == Int64(size.agents))
        #expect(try db.integer("SELECT count(*) FROM peer_gateways") == Int64(size.peerGateways))
        // Every user: its personal team (as owner) and 1–8 shared teams; the power user exactly 100.
        #expect(try db.integer("SELECT count(*) FROM team_members WHERE team_id <= 1000 AND role = 'owner'") == 1000)
        let sharedPerUser = try db.integers(
            "SELECT count(*) FROM team_members WHERE team_id > 1000 GROUP BY user_email ORDER BY user_email")
        #expect(sharedPerUser.first == Int64(size.powerUserTeams))
        #expect(sharedPerUser.dropFirst().allSatisfy { (1...8).contains($0) })
        let mean = Double(sharedPerUser.dropFirst().reduce(0, +)) / Double(sharedPerUser.count - 1)
        #expect((3.6...4.4).contains(mean), "mean shared teams per user \(mean)")
        #expect(database.manifest.powerUserEmail == "u0000001@tenant.example")
        #expect(
            try db.integer(
                "SELECT count(*) FROM team_members WHERE user_email = '\(database.manifest.singleTeamUserEmail)'") == 2)
    }

    @Test func everyTeamHasOneOwnerAndRespectsTheCap() throws {
        let directory = try TemporaryDirectory()
        let plan = SeedPlan(size: .custom(users: 400, teams: 2_000, tools: 200, maxUsersPerTeam: 25), seed: 7)
        let (database, db) = try directory.seeded(plan)
        #expect(try db.integer("SELECT max(n) FROM (SELECT count(*) AS n FROM team_members GROUP BY team_id)") <= 25)
        #expect(try db.integer(
            "SELECT count(*) FROM (SELECT team_id FROM team_members GROUP BY team_id HAVING sum(role = 'owner') != 1)") == 0)
        let largest = try db.integer(
            "SELECT team_id FROM team_members WHERE team_id > 400 GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1")
        #expect(database.manifest.largestTeamID == largest)
    }

    /// Skew: a handful of teams hold a large share of the memberships, and most teams are empty or tiny.
    @Test func teamSizesAreSkewed() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .small, seed: 42))
        let sizes = try db.integers(
            "SELECT count(*) FROM team_members WHERE team_id > 10000 GROUP BY team_id ORDER BY count(*) DESC")
        let total = sizes.reduce(0, +)
        let sharedTeams = Wave.small.size.teams - Wave.small.size.users
        #expect(Double(sizes.prefix(10).reduce(0, +)) > 0.05 * Double(total))
        #expect(sizes.count < sharedTeams / 2, "most shared teams are empty")
        #expect(sizes[0] > 50 * sizes[sizes.count / 2])
    }

    @Test func toolVisibilityAndEnabledRatios() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(size: .custom(users: 500, teams: 2_500, tools: 5_000), seed: 11))
        let total = 5_000.0
        let ratio = { (sql: String) throws -> Double in Double(try db.integer(sql)) / total }
        #expect(abs(try ratio("SELECT count(*) FROM tools WHERE visibility = 'public'") - 0.2) < 0.02)
        #expect(abs(try ratio("SELECT count(*) FROM tools WHERE visibility = 'team'") - 0.5) < 0.02)
        #expect(abs(try ratio("SELECT count(*) FROM tools WHERE visibility = 'private'") - 0.3) < 0.02)
        #expect(abs(try ratio("SELECT count(*) FROM tools WHERE enabled = 1") - 0.9) < 0.02)
        #expect(try db.integer("SELECT count(*) FROM tools WHERE visibility = 'private' AND team_id IN "
            + "(SELECT id FROM teams WHERE is_personal = 0)") == 0)
        #expect(try db.integer("SELECT min(length(description)) FROM tools") >= 100)
        #expect(try db.integer("SELECT max(length(description)) FROM tools") <= 300)
        #expect(try db.integer("SELECT min(length(input_schema)) FROM tools") >= 200)
        #expect(try db.integer("SELECT max(length(input_schema)) FROM tools") <= 1_000)
        #expect(try db.integer("SELECT count(*) FROM tools WHERE json_valid(input_schema) = 0") == 0)
    }

    @Test func agentFleetMix() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .small, seed: 42))
        let linux = Double(try db.integer("SELECT count(*) FROM agents WHERE os = 'linux'")) / 5_000
        #expect(abs(linux - 0.8) < 0.03)
        #expect(try db.integer("SELECT count(*) FROM agents WHERE status = 'retired' AND retired_at IS NOT NULL") > 0)
        #expect(try db.integer("SELECT count(*) FROM agents WHERE (status = 'retired') != (retired_at IS NOT NULL)") == 0)
        let span = try db.integer("SELECT max(last_heartbeat_at) - min(last_heartbeat_at) FROM agents")
        #expect(span <= 60_000)
    }

    @Test func slugRule() {
        #expect(slugify("GitHub Tools!") == "github-tools")
        #expect(slugify("search_issues") == "search-issues")
        #expect(slugify("  Peer us-east 7 ") == "peer-us-east-7")
        #expect(slugify("") == "" && slugify("!!!") == "" && slugify("Ünïcode-Ω x") == "n-code-x")
    }

    /// The one-allocation tool name equals the concatenation it replaced, on edge cases and on
    /// 20,000 random names of letters, digits, punctuation, spaces and multi-byte characters.
    @Test func toolNamesEqualTheConcatenation() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("aZ09 _-!.é€😀Ω\t")
        var cases = [("peer-1", ""), ("", "x"), ("", ""), ("peer", "!!!"), ("p", "  Lead  and trail  "), ("p", "a😀b")]
        for _ in 0..<20_000 {
            func text(_ length: Int) -> String { String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }) }
            cases.append((text(Int(random.next() % 12)), text(Int(random.next() % 40))))
        }
        for (gateway, original) in cases {
            #expect(toolName(gatewaySlug: gateway, originalName: original) == gateway + "-" + slugify(original), "\(gateway) / \(original)")
        }
    }
}
