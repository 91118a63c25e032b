import Foundation

/// Builds revisions of this package in release, each in a private git worktree under
/// `<data-dir>/ab/`, and keeps each binary by the source tree it was built from, so an unchanged
/// revision is never rebuilt and a failed build leaves nothing behind to be reused.
struct RevisionBuilds {
    /// A revision resolved to the exact source tree that will be built.
    struct Revision {
        /// What the user typed (`main`, `HEAD~1`, or "the working tree").
        let label: String
        let commit: String
        let tree: String
    }

    /// The `ab` directory: `worktrees/{base,head}`, `bin/<tree>`, `scratch-<pid>`.
    let root: String
    /// The repository's top level.
    let repository: String
    /// Where the measured package sits in the repository (`Examples/token-bucket/`; empty at the top).
    let packagePrefix: String

    init(dataDirectory: String) throws {
        guard let top = try? ChildProcess.run("git", ["rev-parse", "--show-toplevel"]), top.status == 0 else {
            throw CommandFailure(status: .usage, message: "bench ab needs a git checkout of the package it measures (git rev-parse failed)")
        }
        repository = top.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        packagePrefix = (try? ChildProcess.run("git", ["rev-parse", "--show-prefix"]))?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let data = dataDirectory.hasPrefix("/") ? dataDirectory : FileManager.default.currentDirectoryPath + "/" + dataDirectory
        root = data + "/ab"
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
    }

    /// Resolves a committed revision; git's own message when it does not exist.
    func resolve(_ revision: String) throws -> Revision {
        let commit = try git(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], failure: "unknown revision '\(revision)'")
        let tree = try git(["rev-parse", "\(commit)^{tree}"], failure: "cannot read the tree of '\(revision)'")
        return Revision(label: revision, commit: commit, tree: tree)
    }

    /// The working tree as it is now, tracked and untracked files alike (ignored ones excluded),
    /// as a commit object that is referenced nowhere.
    func workingTree(scratch: String) throws -> Revision {
        let index = scratch + "/index"
        let gitIndex = try git(["rev-parse", "--git-path", "index"], failure: "cannot find git's index")
        let indexPath = gitIndex.hasPrefix("/") ? gitIndex : repository + "/" + gitIndex
        try? FileManager.default.removeItem(atPath: index)
        try? FileManager.default.copyItem(atPath: indexPath, toPath: index)
        let environment = ["GIT_INDEX_FILE": index]
        _ = try git(["add", "-A"], environment: environment, failure: "cannot snapshot the working tree")
        let tree = try git(["write-tree"], environment: environment, failure: "cannot snapshot the working tree")
        let head = try git(["rev-parse", "HEAD"], failure: "the repository has no commit")
        let commit = try git(
            ["commit-tree", tree, "-p", head, "-m", "bench ab: working tree"], failure: "cannot snapshot the working tree")
        return Revision(label: "working tree", commit: commit, tree: tree)
    }

    /// True when the working tree has changes (tracked or untracked, ignored files aside).
    func workingTreeIsDirty() throws -> Bool {
        !(try git(["status", "--porcelain"], failure: "git status failed")).isEmpty
    }

    /// The release `bench` of `revision`: reused when its tree was built before, otherwise built in
    /// the `slot` worktree (incrementally, from that slot's previous build).
    func binary(for revision: Revision, slot: String, note: (String) -> Void) throws -> String {
        let product = BenchSuite.productName
        let binary = "\(root)/bin/\(revision.tree)-\(product)"
        if FileManager.default.isExecutableFile(atPath: binary) { return binary }
        let worktree = "\(root)/worktrees/\(slot)"
        if FileManager.default.fileExists(atPath: worktree + "/.git") {
            _ = try git(["-C", worktree, "checkout", "--quiet", "--detach", "--force", revision.commit], failure: "cannot check out \(revision.label)")
            _ = try git(["-C", worktree, "clean", "-ffdxq", "-e", ".build"], failure: "cannot clean the \(slot) worktree")
        } else {
            try? FileManager.default.removeItem(atPath: worktree)
            _ = try git(["worktree", "prune"], failure: "git worktree prune failed")
            _ = try git(["worktree", "add", "--quiet", "--detach", "--force", worktree, revision.commit], failure: "cannot create a worktree for \(revision.label)")
        }
        note("building \(revision.label) (\(revision.commit.prefix(10))) in release")
        let package = worktree + "/" + packagePrefix
        let build = try ChildProcess.run("swift", ["build", "-c", "release", "--product", product], directory: package)
        guard build.status == 0 else {
            throw CommandFailure(
                status: .usage, message: "the release build of \(revision.label) failed:\n\(build.tail(40))")
        }
        let temporary = "\(binary).\(getpid()).tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try FileManager.default.copyItem(atPath: package + "/.build/release/" + product, toPath: temporary)
        } catch {
            throw CommandFailure(status: .environment, message: "cannot keep the build of \(revision.label): \(error.localizedDescription)")
        }
        guard rename(temporary, binary) == 0 else {
            throw CommandFailure(status: .environment, message: "cannot keep the build of \(revision.label): \(String(cString: strerror(errno)))")
        }
        return binary
    }

    private func git(_ arguments: [String], environment: [String: String] = [:], failure: String) throws -> String {
        let result = try ChildProcess.run("git", arguments, directory: repository, environment: environment)
        guard result.status == 0 else {
            let detail = result.tail(5).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CommandFailure(status: .usage, message: failure + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
