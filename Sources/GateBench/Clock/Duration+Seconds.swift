extension Duration {
    /// The duration in seconds, for reports (never in a timed window: the runner keeps integer ns).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
