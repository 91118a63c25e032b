extension SeedLoad {
    static let visibilities = ["public", "team", "private"]

    mutating func peerGateways() throws {
        var random = generator("peer_gateways")
        let insert = try connection.prepare(
            """
            INSERT INTO peer_gateways (id, name, slug, url, region, base_latency_ms, reliability, enabled)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1)
            """)
        for id in 1...size.peerGateways {
            let region = PeerRegion.allCases[random.next(below: PeerRegion.allCases.count)]
            let name = "Peer \(region.rawValue) \(id)"
            insert.bind(Int64(id), at: 1)
            insert.bind(name, at: 2)
            gatewaySlugs.append(slugify(name))
            insert.bind(slugify(name), at: 3)
            insert.bind("https://\(slugify(name)).gateway.example/mcp", at: 4)
            insert.bind(region.rawValue, at: 5)
            insert.bind(region.baseLatencyMilliseconds, at: 6)
            insert.bind(0.95 + 0.049 * random.nextUnit(), at: 7)
            try insert.run()
        }
        rowCounts["peer_gateways"] = size.peerGateways
    }

    /// Who owns a generated tool or server and which team it belongs to, by visibility:
    /// team-visible → a team drawn in proportion to its size (owner: its owner); private → the
    /// owner's personal team; public → the owner's personal team.
    func placement(_ random: inout SplitMix64) -> (visibility: String, owner: Int, team: Int64) {
        let draw = random.next(below: 100)
        let visibility = draw < 20 ? "public" : (draw < 70 ? "team" : "private")
        if visibility == "team" && !sharedMemberships.isEmpty {
            let rank = Int(sharedMemberships[random.next(below: sharedMemberships.count)])
            let owner = ownerOf[rank] != 0 ? Int(ownerOf[rank]) : 1 + random.next(below: size.users)
            return (visibility, owner, teamID(rank: rank))
        }
        let owner = 1 + random.next(below: size.users)
        return (visibility, owner, Int64(owner))
    }

    mutating func tools() throws {
        var random = generator("tools")
        let insert = try connection.prepare(
            """
            INSERT INTO tools (id, gateway_id, original_name, name, description, input_schema, owner_email,
                               team_id, visibility, enabled, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for id in 1...size.tools {
            let gateway = 1 + (id - 1) % size.peerGateways
            let originalName = TextGenerator.toolName(index: id, &random)
            let (visibility, owner, team) = placement(&random)
            let created = SeedPlan.referenceMilliseconds - Int64(random.next(below: 365 * 86_400_000))
            email.set(owner)
            insert.bind(Int64(id), at: 1)
            insert.bind(gateway, at: 2)
            insert.bind(originalName, at: 3)
            insert.bind(toolName(gatewaySlug: gatewaySlugs[gateway - 1], originalName: originalName), at: 4)
            insert.bind(TextGenerator.description(&random), at: 5)
            insert.bind(TextGenerator.inputSchema(&random), at: 6)
            insert.bindStatic(utf8: email.view, at: 7)
            insert.bind(team, at: 8)
            insert.bind(visibility, at: 9)
            insert.bind(random.next(below: 10) == 0 ? 0 : 1, at: 10)
            insert.bind(created, at: 11)
            insert.bind(created + Int64(random.next(below: 30 * 86_400_000)), at: 12)
            try insert.run()
            report("tools", id, of: size.tools)
        }
        rowCounts["tools"] = size.tools
    }

    mutating func servers() throws {
        var random = generator("servers")
        let insert = try connection.prepare(
            """
            INSERT INTO servers (id, name, owner_email, team_id, visibility, enabled, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for id in 1...size.servers {
            let (visibility, owner, team) = placement(&random)
            email.set(owner)
            insert.bind(Int64(id), at: 1)
            insert.bind("server-\(id)", at: 2)
            insert.bindStatic(utf8: email.view, at: 3)
            insert.bind(team, at: 4)
            insert.bind(visibility, at: 5)
            insert.bind(random.next(below: 10) == 0 ? 0 : 1, at: 6)
            insert.bind(SeedPlan.referenceMilliseconds - Int64(random.next(below: 365 * 86_400_000)), at: 7)
            try insert.run()
        }
        rowCounts["servers"] = size.servers
    }

    static let operatingSystems = ["linux", "windows", "darwin"]

    /// The agent fleet: online (1 % retired), OS 80/10/10, heartbeats staggered over the last 60 s.
    mutating func agents() throws {
        var random = generator("agents")
        let insert = try connection.prepare(
            """
            INSERT INTO agents (id, name, status, last_heartbeat_at, version, hostname, os, architecture,
                                registered_at, retired_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for id in 1...size.agents {
            let isRetired = random.next(below: 100) == 0
            let osDraw = random.next(below: 10)
            let os = osDraw < 8 ? "linux" : (osDraw == 8 ? "windows" : "darwin")
            let registered = SeedPlan.referenceMilliseconds - Int64(random.next(below: 180 * 86_400_000))
            insert.bind(Int64(id), at: 1)
            insert.bind("agent-\(id)", at: 2)
            insert.bind(isRetired ? "retired" : "online", at: 3)
            insert.bind(SeedPlan.referenceMilliseconds - Int64(random.next(below: 60_000)), at: 4)
            insert.bind("1.\(4 + random.next(below: 3)).\(random.next(below: 10))", at: 5)
            insert.bind("host-\(id).fleet.example", at: 6)
            insert.bind(os, at: 7)
            insert.bind(random.next(below: 4) == 0 ? "arm64" : "amd64", at: 8)
            insert.bind(registered, at: 9)
            if isRetired { insert.bind(SeedPlan.referenceMilliseconds - 86_400_000, at: 10) } else { insert.bindNull(at: 10) }
            try insert.run()
        }
        rowCounts["agents"] = size.agents
    }
}
