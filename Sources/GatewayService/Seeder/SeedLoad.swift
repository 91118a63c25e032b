/// The state of one bulk load: what later tables need from earlier ones (team sizes, owners).
struct SeedLoad {
    let plan: SeedPlan
    let connection: SQLiteConnection
    let progress: (Seeder.Progress) -> Void
    let email = UserEmailBuffer()
    var size: Wave.Size { plan.size }
    var sharedTeamCount: Int { size.teams - size.users }

    /// Members per shared team, by rank (index 0 unused).
    var memberCounts: [Int32] = []
    /// The first member (the owner) of each shared team, by rank; 0 when empty.
    var ownerOf: [Int32] = []
    /// The rank of every shared membership: a uniform pick is a team chosen in proportion to its size.
    var sharedMemberships: [Int32] = []
    /// Slugs of the peer gateways, by id − 1: tool names are `gateway-slug + "-" + tool-slug`.
    var gatewaySlugs: [String] = []
    var singleTeamUser = 0
    var rowCounts: [String: Int] = [:]

    init(plan: SeedPlan, connection: SQLiteConnection, progress: @escaping (Seeder.Progress) -> Void) {
        self.plan = plan
        self.connection = connection
        self.progress = progress
    }

    /// The team id of the shared team of `rank`: shared teams follow the personal ones.
    func teamID(rank: Int) -> Int64 { Int64(size.users + rank) }

    func generator(_ stream: String) -> SplitMix64 { SplitMix64(seed: plan.seed, stream: stream) }

    func report(_ phase: String, _ done: Int, of total: Int) {
        if done % 65_536 == 0 { progress(Seeder.Progress(phase: phase, fraction: Double(done) / Double(total))) }
    }

    mutating func users() throws {
        var random = generator("users")
        let insert = try connection.prepare(
            "INSERT INTO users (id, email, full_name, is_admin, created_at) VALUES (?, ?, ?, 0, ?)")
        for id in 1...size.users {
            email.set(id)
            insert.bind(Int64(id), at: 1)
            insert.bindStatic(utf8: email.view, at: 2)
            insert.bind("User \(id)", at: 3)
            insert.bind(SeedPlan.referenceMilliseconds - Int64(random.next(below: 730 * 86_400_000)), at: 4)
            try insert.run()
            report("users", id, of: size.users)
        }
        rowCounts["users"] = size.users
    }

    /// Shared teams per ordinary user: 1–8, mean 3.96.
    static let sharedTeamWeights = [14, 16, 16, 15, 13, 11, 9, 6]

    static func drawSharedTeamCount(_ random: inout SplitMix64) -> Int {
        var pick = random.next(below: 100)
        for (index, weight) in sharedTeamWeights.enumerated() {
            if pick < weight { return index + 1 }
            pick -= weight
        }
        return sharedTeamWeights.count
    }

    /// Every user's personal team and shared teams (Zipf-skewed, capped per team), in key order.
    mutating func memberships() throws {
        var random = generator("memberships")
        let zipf = ZipfSampler(count: sharedTeamCount)
        memberCounts = [Int32](repeating: 0, count: sharedTeamCount + 1)
        ownerOf = [Int32](repeating: 0, count: sharedTeamCount + 1)
        sharedMemberships.reserveCapacity(size.users * 4)
        let email = self.email
        let insert = try BatchInsert<MembershipRow>(
            connection, "INSERT INTO team_members (user_email, team_id, role, is_active, joined_at) VALUES",
            columnsPerRow: 5
        ) { statement, row, first in
            email.set(row.user)
            statement.bindCopy(utf8: email.view, at: first)
            statement.bind(row.team, at: first + 1)
            statement.bind(row.isOwner ? "owner" : "member", at: first + 2)
            statement.bind(1, at: first + 3)
            statement.bind(row.joined, at: first + 4)
        }
        var chosen: [Int] = []
        var rows = 0
        for user in 1...size.users {
            chosen.removeAll(keepingCapacity: true)
            if user == 1 {
                chosen = powerUserRanks(&random)
            } else {
                let wanted = Self.drawSharedTeamCount(&random)
                var attempts = 0
                while chosen.count < wanted && attempts < 64 {
                    attempts += 1
                    let rank = zipf.draw(&random)
                    if memberCounts[rank] >= Int32(size.maxUsersPerTeam) || chosen.contains(rank) { continue }
                    chosen.append(rank)
                }
                if chosen.count == 1 && singleTeamUser == 0 { singleTeamUser = user }
            }
            chosen.sort()
            let joined = SeedPlan.referenceMilliseconds - Int64(random.next(below: 365 * 86_400_000))
            try insert.append(MembershipRow(user: user, team: Int64(user), isOwner: true, joined: joined))
            for rank in chosen {
                let isOwner = memberCounts[rank] == 0
                if isOwner { ownerOf[rank] = Int32(user) }
                memberCounts[rank] += 1
                sharedMemberships.append(Int32(rank))
                try insert.append(MembershipRow(user: user, team: teamID(rank: rank), isOwner: isOwner, joined: joined))
            }
            rows += 1 + chosen.count
            report("team_members", user, of: size.users)
        }
        try insert.finish()
        rowCounts["team_members"] = rows
    }

    struct MembershipRow {
        var user: Int
        var team: Int64
        var isOwner: Bool
        var joined: Int64
    }

    /// The power user's shared teams: distinct ranks drawn uniformly from the ten times as many
    /// largest teams, so they include the big teams that own tools.
    private func powerUserRanks(_ random: inout SplitMix64) -> [Int] {
        let pool = min(sharedTeamCount, 10 * size.powerUserTeams)
        var ranks = Array(1...pool)
        for index in 0..<size.powerUserTeams {
            ranks.swapAt(index, index + random.next(below: pool - index))
        }
        return Array(ranks.prefix(size.powerUserTeams))
    }

    mutating func teams() throws {
        var random = generator("teams")
        let (email, users) = (self.email, size.users)
        let insert = try BatchInsert<TeamRow>(
            connection, "INSERT INTO teams (id, name, is_personal, owner_email, created_at) VALUES", columnsPerRow: 5
        ) { statement, row, first in
            let isPersonal = row.id <= users
            email.set(row.owner)
            statement.bind(row.id, at: first)
            statement.bind(isPersonal ? "personal-\(row.id)" : "team-\(row.id - users)", at: first + 1)
            statement.bind(isPersonal ? 1 : 0, at: first + 2)
            statement.bindCopy(utf8: email.view, at: first + 3)
            statement.bind(row.created, at: first + 4)
        }
        for id in 1...size.teams {
            let rank = id - size.users
            let owner = id <= size.users ? id : (ownerOf[rank] != 0 ? Int(ownerOf[rank]) : 1 + random.next(below: size.users))
            let created = SeedPlan.referenceMilliseconds - Int64(random.next(below: 730 * 86_400_000))
            try insert.append(TeamRow(id: id, owner: owner, created: created))
            report("teams", id, of: size.teams)
        }
        try insert.finish()
        rowCounts["teams"] = size.teams
    }

    struct TeamRow {
        var id: Int
        var owner: Int
        var created: Int64
    }

    func manifest() throws -> Manifest {
        let largestRank = memberCounts.indices.dropFirst().max { memberCounts[$0] < memberCounts[$1] } ?? 1
        return Manifest(
            label: plan.label, seed: plan.seed, schemaVersion: Schema.version, rowCounts: rowCounts,
            powerUserEmail: UserEmail.of(1), singleTeamUserEmail: UserEmail.of(singleTeamUser),
            largestTeamID: teamID(rank: largestRank))
    }
}
