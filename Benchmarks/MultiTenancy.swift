import GateBench
import GatewayService

/// What the scoped listings work on: the services, the users, and the answers they must give.
final class TenancyFixture: @unchecked Sendable {
    // @unchecked Sendable: the services are used by one benchmark body at a time.
    let teams: any TeamQueries
    let tools: any ToolQueries
    let manifest: Manifest
    /// Reads the seeded SQLite file, whatever the backend under test.
    let oracle: BruteForceScope

    init(_ data: SeededData) throws {
        teams = try data.teamQueries()
        tools = try data.toolQueries()
        manifest = try data.seeded().manifest
        oracle = try BruteForceScope(connection: data.reader())
    }

    /// A scoped request as the real gateway serves it: the user's team ids, then one query.
    func visibleTools(for email: String) throws -> [Tool] {
        try tools.listVisibleTools(for: email, teamIDs: teams.teamIDs(of: email))
    }

    /// Fails unless the scoped listing of `email` equals the brute-force answer and is not empty.
    func checkScope(of email: String) throws -> [Tool] {
        let result = try visibleTools(for: email)
        let expected = oracle.visibleTools(for: email, teamIDs: try oracle.teamIDs(of: email))
        try check(!result.isEmpty, "the scoped listing of \(email) is empty")
        try check(result == expected, "the scoped listing of \(email) differs from the brute-force answer "
            + "(\(result.count) rows vs \(expected.count))")
        return result
    }

    /// The scoped listing of `email` against the unscoped listing of as many rows, timed in
    /// `pairs` back-to-back pairs whose order alternates, so the machine's slow and fast phases
    /// hit both sides: the median of the per-pair ratios minus one, and each side's median in
    /// seconds. The two benchmarks' own medians are measured seconds apart, and on this machine
    /// their ratio moved by tens of percent between runs of the same build.
    func pairedOverhead(for email: String, pairs: Int) throws -> (overhead: Double, scoped: Double, unscoped: Double) {
        let limit = try visibleTools(for: email).count
        var ratios: [Double] = [], scopedTimes: [Double] = [], unscopedTimes: [Double] = []
        for pair in 0..<pairs {
            var scoped = 0.0, unscoped = 0.0
            for scopedSide in pair % 2 == 0 ? [true, false] : [false, true] {
                let start = MonotonicClock.now()
                if scopedSide { blackHole(try visibleTools(for: email)) } else { blackHole(try tools.listTools(limit: limit)) }
                let seconds = Double(MonotonicClock.now() &- start) / 1e9
                if scopedSide { scoped = seconds } else { unscoped = seconds }
            }
            ratios.append(scoped / unscoped)
            scopedTimes.append(scoped)
            unscopedTimes.append(unscoped)
        }
        return (median(ratios.sorted()) - 1, median(scopedTimes.sorted()), median(unscopedTimes.sorted()))
    }
}

extension Suite {
    /// The `multi_tenancy` group of docs/workloads.md, with the derived multi-tenancy overhead.
    mutating func addMultiTenancy(_ data: SeededData) {
        let params = data.options.params
        add(
            Benchmark(
                "multi_tenancy", "scope_filtering_million_teams", params: params,
                setup: { () -> (TenancyFixture, String) in
                    let fixture = try TenancyFixture(data)
                    _ = try fixture.checkScope(of: fixture.manifest.powerUserEmail)
                    return (fixture, fixture.manifest.powerUserEmail)
                },
                teardown: { fixture, email in
                    let paired = try fixture.pairedOverhead(for: email, pairs: 21)
                    return ["rows": .count(try fixture.visibleTools(for: email).count),
                            "teams": .count(try fixture.teams.teamIDs(of: email).count),
                            "overhead_paired": .number(paired.overhead),
                            "paired_scoped_seconds": .number(paired.scoped),
                            "paired_unscoped_seconds": .number(paired.unscoped)]
                },
                body: { fixture, email in blackHole(try fixture.visibleTools(for: email)) }))
        add(
            Benchmark(
                "multi_tenancy", "scope_filtering_single_team", params: params,
                setup: { () -> (TenancyFixture, String) in
                    let fixture = try TenancyFixture(data)
                    _ = try fixture.checkScope(of: fixture.manifest.singleTeamUserEmail)
                    return (fixture, fixture.manifest.singleTeamUserEmail)
                },
                teardown: { fixture, email in ["rows": .count(try fixture.visibleTools(for: email).count)] },
                body: { fixture, email in blackHole(try fixture.visibleTools(for: email)) }))
        add(
            Benchmark(
                "multi_tenancy", "list_tools_unscoped", params: params,
                setup: { () -> (TenancyFixture, Int) in
                    let fixture = try TenancyFixture(data)
                    let limit = try fixture.visibleTools(for: fixture.manifest.powerUserEmail).count
                    let result = try fixture.tools.listTools(limit: limit)
                    try check(
                        result == Array(fixture.oracle.enabledNewestFirst.prefix(limit)),
                        "the unscoped listing differs from the brute-force answer")
                    try check(result.count == limit, "the unscoped listing returned \(result.count) of \(limit) rows")
                    return (fixture, limit)
                },
                teardown: { _, limit in ["rows": .count(limit)] },
                body: { fixture, limit in blackHole(try fixture.tools.listTools(limit: limit)) }))
        add(
            Benchmark(
                "multi_tenancy", "team_members_large_team", params: params,
                setup: { () -> (any TeamQueries, Int64) in
                    let connection = try data.reader()
                    let teams = try data.teamQueries()
                    let team = try data.seeded().manifest.largestTeamID
                    let members = try teams.members(of: team, limit: 1_000)
                    let size = try connection.prepare("SELECT count(*) FROM team_members WHERE team_id = \(team)")
                        .singleInt64() ?? 0
                    try check(members.count == min(Int(size), 1_000), "\(members.count) members listed of \(size)")
                    try check(members.first?.role == "owner", "the owner is not listed first")
                    return (teams, team)
                },
                teardown: { teams, team in ["team_id": .count(team), "rows": .count(try teams.members(of: team, limit: 1_000).count)] },
                body: { teams, team in blackHole(try teams.members(of: team, limit: 1_000)) }))
        add(
            Benchmark(
                "multi_tenancy", "user_team_ids", params: params,
                setup: { () -> (TenancyFixture, String) in
                    let fixture = try TenancyFixture(data)
                    let email = fixture.manifest.powerUserEmail
                    try check(
                        try fixture.teams.teamIDs(of: email) == fixture.oracle.teamIDs(of: email),
                        "the team ids of \(email) differ from a full scan")
                    return (fixture, email)
                },
                teardown: { fixture, email in ["teams": .count(try fixture.teams.teamIDs(of: email).count)] },
                body: { fixture, email in blackHole(try fixture.teams.teamIDs(of: email)) }))
        add(
            DerivedFigure.medianChange(
                group: "multi_tenancy", name: "multi_tenancy_overhead", numerator: "scope_filtering_million_teams",
                denominator: "list_tools_unscoped"))
        add(
            DerivedFigure(
                group: "multi_tenancy", name: "multi_tenancy_overhead_paired",
                definition: "scoped / unscoped − 1, median over 21 alternating back-to-back pairs (scope_filtering_million_teams teardown)",
                style: .change
            ) { records in records["scope_filtering_million_teams"]?.extraNumber("overhead_paired") })
    }
}
