/// Who may see a tool.
public enum Visibility: String, Sendable, Codable, CaseIterable {
    case `private`, team, `public`
}

/// A tool as the service returns it: the row with its gateway's and team's names joined.
public struct Tool: Sendable, Equatable, Hashable {
    public var id: Int64
    public var gatewayID: Int64
    public var gatewayName: String?
    /// The name upstream, unique per gateway.
    public var originalName: String
    /// `slug(gateway) + "-" + slug(originalName)`, unique.
    public var name: String
    public var description: String
    /// JSON Schema text of the tool's input.
    public var inputSchema: String
    public var ownerEmail: String
    public var teamID: Int64?
    public var teamName: String?
    public var visibility: Visibility
    public var isEnabled: Bool
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds.
    public var updatedAt: Int64

    public init(
        id: Int64, gatewayID: Int64, gatewayName: String?, originalName: String, name: String, description: String,
        inputSchema: String, ownerEmail: String, teamID: Int64?, teamName: String?, visibility: Visibility,
        isEnabled: Bool, createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.gatewayID = gatewayID
        self.gatewayName = gatewayName
        self.originalName = originalName
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.ownerEmail = ownerEmail
        self.teamID = teamID
        self.teamName = teamName
        self.visibility = visibility
        self.isEnabled = isEnabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The listing order: newest first, ties by id, highest first.
    public static func newestFirst(_ a: Tool, _ b: Tool) -> Bool {
        (a.createdAt, a.id) > (b.createdAt, b.id)
    }
}

/// A position in the newest-first listing: the `(created_at, id)` of the last row seen.
public struct ToolCursor: Sendable, Equatable, Hashable {
    public var createdAt: Int64
    public var id: Int64

    public init(createdAt: Int64, id: Int64) {
        self.createdAt = createdAt
        self.id = id
    }
}

/// One page of the keyset-paginated listing.
public struct ToolPage: Sendable, Equatable {
    public var tools: [Tool]
    /// Where the next page starts; nil on the last page.
    public var nextCursor: ToolCursor?

    public init(tools: [Tool], nextCursor: ToolCursor?) {
        self.tools = tools
        self.nextCursor = nextCursor
    }
}
