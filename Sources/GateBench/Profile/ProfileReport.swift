/// A profile written by `--profile`, and how long producing it took.
public struct ProfileReport: Sendable {
    public let folded: String
    public let svg: String
    /// Samples (cpu) or bytes (alloc) in the profile.
    public let samples: Int
    /// What `samples` counts.
    public let unit: String
    public let secondsToProduce: Double
}
