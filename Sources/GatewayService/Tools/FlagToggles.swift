/// Named on/off flags with a count of their toggles, whatever the engine: `FeatureFlags` (SQLite)
/// and the PostgreSQL one. A toggle reads and writes back in one transaction that the engine
/// serializes with other toggles of the flag, so none is lost.
public protocol FlagToggles: AnyObject, Sendable {
    /// Sets `name` off with no toggles.
    func reset(_ name: String) throws
    /// Flips `name`; false when there is no such flag.
    func toggle(_ name: String) throws -> Bool
    /// The flag's value and how many times it was toggled.
    func state(_ name: String) throws -> (enabled: Bool, toggles: Int)?
}

extension FeatureFlags: FlagToggles {}
