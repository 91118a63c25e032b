/// The commit a run measured, in pytest-benchmark's `commit_info` shape.
public struct CommitInfo: Sendable, Codable, Equatable {
    public var id: String
    public var time: String?
    public var dirty: Bool
    public var project: String
    public var branch: String

    public init(id: String, time: String?, dirty: Bool, project: String, branch: String) {
        self.id = id
        self.time = time
        self.dirty = dirty
        self.project = project
        self.branch = branch
    }

    /// Asks git about the current directory; outside a repository every field says "unknown".
    public static func current() -> CommitInfo {
        guard let id = commandOutput("git", ["rev-parse", "HEAD"]) else {
            return CommitInfo(id: "unknown", time: nil, dirty: false, project: "gatebench", branch: "unknown")
        }
        let status = commandOutput("git", ["status", "--porcelain", "--untracked-files=no"]) ?? ""
        return CommitInfo(
            id: id,
            time: commandOutput("git", ["log", "-1", "--format=%cI"]),
            dirty: !status.isEmpty,
            project: "gatebench",
            branch: commandOutput("git", ["rev-parse", "--abbrev-ref", "HEAD"]) ?? "unknown")
    }
}
