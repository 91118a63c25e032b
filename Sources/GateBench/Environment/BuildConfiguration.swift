/// How this binary was compiled; a debug build's timings are meaningless.
public enum BuildConfiguration: String, Sendable, Codable {
    case debug
    case release

    /// The configuration of the running binary (`DEBUG` is set by `swift build`, not by `-c release`).
    public static var current: BuildConfiguration {
        #if DEBUG
        .debug
        #else
        .release
        #endif
    }

    /// The warning a debug build prints before measuring anything.
    public static let debugBanner = """
        *** DEBUG BUILD: timings from a debug build are largely useless. ***
        *** Run `make bench` or `swift run -c release bench` instead.     ***
        """
}
