import GateBench
import GatewayService

extension Suite {
    /// The `tool_service` group of docs/workloads.md.
    mutating func addToolService(_ data: SeededData) {
        let params = data.options.params
        add(
            Benchmark(
                "tool_service", "list_tools", params: params,
                setup: { () -> any ToolQueries in
                    let tools = try data.toolQueries()
                    let expected = try BruteForceScope(connection: data.reader()).enabledNewestFirst
                    try check(try tools.listTools(limit: nil) == expected, "list_tools differs from the brute-force answer")
                    return tools
                },
                teardown: { tools in ["rows": .count(try tools.listTools(limit: nil).count)] },
                body: { tools in blackHole(try tools.listTools(limit: nil)) }))
        add(
            Benchmark(
                "tool_service", "list_tools_page", params: params,
                setup: { () -> PageWalk in
                    let tools = try data.toolQueries()
                    let listing = try BruteForceScope(connection: data.reader()).enabledNewestFirst
                    let walk = PageWalk(tools: tools, listing: listing, seed: data.options.seed)
                    try walk.checkEveryCursor()
                    return walk
                },
                teardown: { walk in ["cursors": .count(walk.cursors.count)] },
                body: { walk in blackHole(try walk.nextPage()) }))
    }
}

/// Pages from random keyset cursors: the cursors are drawn once (seeded), then cycled.
final class PageWalk: @unchecked Sendable {
    // @unchecked Sendable: `position` is advanced by one benchmark body at a time.
    let tools: any ToolQueries
    let listing: [Tool]
    let cursors: [ToolCursor]
    private var position = 0

    init(tools: any ToolQueries, listing: [Tool], seed: UInt64) {
        self.tools = tools
        self.listing = listing
        var random = SplitMix64(seed: seed, stream: "page-cursors")
        cursors = (0..<1_024).map { _ in
            let tool = listing[random.next(below: listing.count)]
            return ToolCursor(createdAt: tool.createdAt, id: tool.id)
        }
    }

    func nextPage() throws -> ToolPage {
        position = position == cursors.count - 1 ? 0 : position + 1
        return try tools.page(after: cursors[position], size: 50)
    }

    /// Every cursor's page is the 50 listing rows after it, and the next cursor is set exactly when more follow.
    func checkEveryCursor() throws {
        let index = Dictionary(uniqueKeysWithValues: listing.enumerated().map { ($1.id, $0) })
        for cursor in cursors {
            let page = try tools.page(after: cursor, size: 50)
            let start = index[cursor.id]! + 1
            let expected = Array(listing[start..<min(start + 50, listing.count)])
            try check(page.tools == expected, "the page after \(cursor) differs from the listing")
            try check((page.nextCursor != nil) == (start + 50 < listing.count), "wrong next cursor after \(cursor)")
        }
    }
}
