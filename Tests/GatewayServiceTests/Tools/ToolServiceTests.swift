import Testing

@testable import GatewayService

struct ToolServiceTests {
    /// Scope filtering equals the brute-force oracle on many random small databases, for the
    /// power user, the single-team user and random users.
    @Test(arguments: 1...12, [ScopePlan.oneQuery, .indexRanges])
    func scopeFilteringMatchesTheOracle(seed: UInt64, scopePlan: ScopePlan) throws {
        let directory = try TemporaryDirectory()
        var random = SplitMix64(seed: seed)
        let users = 20 + random.next(below: 60)
        let plan = SeedPlan(
            size: .custom(
                users: users, teams: users * (2 + random.next(below: 5)), tools: 30 + random.next(below: 200),
                maxUsersPerTeam: 5 + random.next(below: 20), powerUserTeams: 3 + random.next(below: 10)),
            seed: seed)
        let (database, db) = try directory.seeded(plan)
        // Some inactive memberships: they must not grant visibility.
        try db.execute("UPDATE team_members SET is_active = 0 WHERE (team_id * 7 + length(user_email)) % 11 = 0")
        let oracle = try BruteForceScope(connection: db)
        let tools = try ToolService(connection: db)
        tools.scopePlan = scopePlan
        let teams = try TeamService(connection: db)
        var emails = [database.manifest.powerUserEmail, database.manifest.singleTeamUserEmail]
        for _ in 0..<5 { emails.append(UserEmail.of(1 + random.next(below: users))) }
        for email in emails {
            let teamIDs = try teams.teamIDs(of: email)
            #expect(try teamIDs == oracle.teamIDs(of: email), "seed \(seed), \(email)")
            let visible = try tools.listVisibleTools(for: email, teamIDs: teamIDs)
            #expect(visible == oracle.visibleTools(for: email, teamIDs: teamIDs), "seed \(seed), \(email)")
        }
        #expect(try tools.listTools() == oracle.enabledNewestFirst, "seed \(seed)")
        #expect(db.busyStatementCount == 0)
    }

    /// The edges of the three-part scope: a user given no teams, and the user's own team-visible
    /// tools with no team or in a team the user is not active in, still match the oracle.
    @Test func ownToolsOutsideTheUsersTeamsAndAnEmptyTeamListMatchTheOracle() throws {
        let directory = try TemporaryDirectory()
        let (database, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let email = database.manifest.singleTeamUserEmail
        try db.execute(
            """
            UPDATE tools SET owner_email = '\(email)', visibility = 'team', team_id = NULL, enabled = 1 WHERE id % 17 = 0;
            UPDATE tools SET owner_email = '\(email)', visibility = 'team', team_id = 999999999, enabled = 1 WHERE id % 17 = 1;
            """)
        let oracle = try BruteForceScope(connection: db)
        let tools = try ToolService(connection: db)
        let teamIDs = try TeamService(connection: db).teamIDs(of: email)
        for (given, plan) in [(teamIDs, ScopePlan.oneQuery), (teamIDs, .indexRanges), ([], .oneQuery), ([], .indexRanges)] {
            tools.scopePlan = plan
            let visible = try tools.listVisibleTools(for: email, teamIDs: given)
            #expect(visible == oracle.visibleTools(for: email, teamIDs: given), "teams \(given), \(plan)")
            #expect(visible.contains { $0.teamID == nil && $0.ownerEmail == email })
        }
    }

    /// The plan follows the seeks' cost: the ranges where a user's teams are few beside many tools.
    @Test func theCheaperPlanByTeamsAndTools() {
        #expect(ScopePlan.cheaper(teamCount: 1_001, enabledTools: 44_992) == .indexRanges)
        #expect(ScopePlan.cheaper(teamCount: 1_001, enabledTools: 456) == .oneQuery)
        #expect(ScopePlan.cheaper(teamCount: 2, enabledTools: 456) == .oneQuery, "small listings keep the one query")
        #expect(ScopePlan.cheaper(teamCount: 2, enabledTools: 44_992) == .indexRanges)
        #expect(ScopePlan.cheaper(teamCount: 6_000, enabledTools: 44_992) == .oneQuery)
        #expect(ScopePlan.cheaper(teamCount: Int.max, enabledTools: 44_992) == .oneQuery)
    }

    @Test func powerUserSeesTeamToolsOnTheTinyWave() throws {
        let directory = try TemporaryDirectory()
        let (database, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let teamIDs = try TeamService(connection: db).teamIDs(of: database.manifest.powerUserEmail)
        #expect(teamIDs.count == 101)
        let visible = try ToolService(connection: db).listVisibleTools(
            for: database.manifest.powerUserEmail, teamIDs: teamIDs)
        #expect(visible.contains { $0.visibility == .team }, "the power user's teams own tools")
        #expect(visible.allSatisfy { $0.gatewayName != nil && $0.teamName != nil })
    }

    @Test func limitedListingIsThePrefix() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(wave: .tiny, seed: 42))
        let tools = try ToolService(connection: db)
        let all = try tools.listTools()
        #expect(all.count == 450 || abs(all.count - 450) < 30)
        #expect(try tools.listTools(limit: 37) == Array(all.prefix(37)))
    }

    /// Walking every page from the first gives the whole listing exactly once, in order,
    /// even with timestamp ties (the id breaks them).
    @Test func keysetPagesCoverTheListingExactlyOnce() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(size: .custom(users: 50, teams: 250, tools: 300), seed: 5))
        try db.execute("UPDATE tools SET created_at = created_at - created_at % 86400000000")
        let tools = try ToolService(connection: db)
        var collected: [Tool] = []
        var cursor: ToolCursor? = nil
        var pages = 0
        repeat {
            let page = try tools.page(after: cursor, size: 50)
            #expect(page.tools.count <= 50)
            collected += page.tools
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil
        #expect(collected == (try tools.listTools()))
        #expect(pages == (collected.count + 49) / 50)
    }

    @Test func createUpdateDelete() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(size: .custom(users: 20, teams: 100, tools: 10), seed: 1))
        let tools = try ToolService(connection: db)
        let created = try tools.create(
            NewTool(gatewayID: 2, originalName: "Search Issues", description: "d", inputSchema: "{}",
                    ownerEmail: UserEmail.of(3), teamID: 3, visibility: .private),
            at: SeedPlan.referenceMilliseconds + 1)
        #expect(created.name.hasSuffix("-search-issues"))
        #expect(created.gatewayName != nil)
        #expect(try tools.listTools().first == created, "newest first")
        #expect(try tools.update(id: created.id, description: "new", visibility: .public, isEnabled: false, at: 5))
        #expect(try tools.tool(id: created.id)?.description == "new")
        #expect(try !tools.listTools().contains { $0.id == created.id })
        #expect(try tools.delete(id: created.id))
        #expect(try !tools.delete(id: created.id))
        #expect(try tools.tool(id: created.id) == nil)
        #expect(throws: SQLiteError.self) {
            try tools.create(
                NewTool(gatewayID: 999, originalName: "x", description: "", inputSchema: "{}",
                        ownerEmail: "a", teamID: nil, visibility: .public), at: 0)
        }
    }

    @Test func refreshingAPeerCatalogUpsertsAndDeletes() throws {
        let directory = try TemporaryDirectory()
        let (_, db) = try directory.seeded(SeedPlan(size: .custom(users: 20, teams: 100, tools: 30), seed: 1))
        let tools = try ToolService(connection: db)
        let before = try db.integers("SELECT original_name FROM tools WHERE gateway_id = 1").count
        let kept = try db.prepare("SELECT original_name FROM tools WHERE gateway_id = 1 ORDER BY id LIMIT 1")
        #expect(try kept.step())
        let keptName = kept.string(at: 0)
        kept.reset()
        let catalog = [
            PeerTool(originalName: keptName, description: "updated", inputSchema: "{}"),
            PeerTool(originalName: "brand_new", description: "new", inputSchema: "{}"),
        ]
        let refresh = try tools.refreshCatalog(gatewayID: 1, tools: catalog, ownerEmail: UserEmail.of(1), at: 9)
        #expect(refresh == CatalogRefresh(inserted: 1, updated: 1, deleted: before - 1))
        #expect(try db.integer("SELECT count(*) FROM tools WHERE gateway_id = 1") == 2)
        #expect(try db.integer("SELECT count(*) FROM tools WHERE gateway_id = 1 AND description = 'updated'") == 1)
        let again = try tools.refreshCatalog(gatewayID: 1, tools: catalog, ownerEmail: UserEmail.of(1), at: 10)
        #expect(again == CatalogRefresh(inserted: 0, updated: 2, deleted: 0))
    }
}
