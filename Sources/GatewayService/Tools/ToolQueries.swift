/// The tool listings, whatever the engine: `ToolService` (SQLite) and the PostgreSQL one.
public protocol ToolQueries: AnyObject, Sendable {
    /// Enabled tools, newest first; all of them, or the first `limit`.
    func listTools(limit: Int?) throws -> [Tool]
    /// The enabled tools `userEmail` may see given the user's active `teamIDs`, newest first.
    func listVisibleTools(for userEmail: String, teamIDs: [Int64]) throws -> [Tool]
    /// One page of enabled tools after `cursor` (from the newest when nil).
    func page(after cursor: ToolCursor?, size: Int) throws -> ToolPage
}

extension ToolService: ToolQueries {}
