/// An operation of the gateway's service layer that a scenario's mix can weight.
public enum LoadOperation: String, CaseIterable, Sendable, Codable, Comparable {
    /// The tools a user may see (public, own, their teams'): the multi-tenant scope query.
    case scopedListing = "scoped_listing"
    /// Every enabled tool, decoded.
    case fullListing = "full_listing"
    /// One page of 50 tools after the previous page's cursor (keyset pagination).
    case keysetPage = "keyset_page"
    /// Members of one of the user's teams, owner first.
    case teamMembers = "team_members"
    /// The ids of the user's active teams.
    case userTeamIDs = "user_team_ids"
    /// The full listing through the shared L1 cache (a load on a miss).
    case cachedGet = "cached_get"
    /// An agent's heartbeat: read, guarded update, audit row, in one transaction.
    case heartbeat
    /// A new tool owned by the user, invalidating the cached listing.
    case createTool = "create_tool"
    /// A new description for one of the tools this run created.
    case updateTool = "update_tool"
    /// Deletes one of the tools this run created (`not_found` when there is none left).
    case deleteTool = "delete_tool"
    /// Stores one peer gateway's catalogue of 500 tools as a refresh does (upsert, delete what is
    /// gone, one transaction), two versions alternating: 450 updated, 50 inserted, 50 deleted.
    case peerRefresh = "peer_refresh"
    /// A new joiner claims a seat of the contended team (`joined`, or rejected `full`).
    case claimSeat = "claim_seat"
    /// Flips the shared race-check flag in a read-then-write transaction.
    case toggleFlag = "toggle_flag"
    /// Nothing: measures the load generator and the workers themselves.
    case noop
    /// Test-only: keeps 1 KiB per request forever, to show the leak verdict catching a leak.
    case testLeak = "test_leak_1kib"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
