/// The tool writes, whatever the engine: `ToolService` (SQLite) and the PostgreSQL one.
public protocol ToolWrites: AnyObject, Sendable {
    /// Inserts a tool named `slug(gateway) + "-" + slug(originalName)`; returns it as listed.
    func create(_ new: NewTool, at now: Int64) throws -> Tool
    /// Changes a tool's description, visibility and enabled flag; false when no such tool.
    func update(id: Int64, description: String, visibility: Visibility, isEnabled: Bool, at now: Int64) throws -> Bool
    /// Deletes a tool; false when no such tool.
    func delete(id: Int64) throws -> Bool
    /// Stores a peer's catalogue in one transaction: upsert every tool by `(gateway_id,
    /// original_name)`, delete the peer's tools no longer upstream. New tools are public, owned by
    /// `ownerEmail`.
    func refreshCatalog(gatewayID: Int64, tools: [PeerTool], ownerEmail: String, at now: Int64) throws -> CatalogRefresh
}

/// A tool service that lists and writes: what the cached catalogue and the refresh run on.
public typealias ToolCatalogService = ToolQueries & ToolWrites

extension ToolService: ToolWrites {}
