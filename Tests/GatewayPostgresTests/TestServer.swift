import Foundation
import GateBench
import GatePostgres

/// The project's own private PostgreSQL server (`scripts/postgres.sh start`), started once for the
/// tests that need it; nil, with the reason on stderr, when it cannot be started here.
enum TestServer {
    static let url: PostgresURL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let started = ScriptRunner.run("\(root)/scripts/postgres.sh", ["start"])
        guard started.status == 0, let url = PostgresURL(started.lastLine) else {
            FileHandle.standardError.write(Data("PostgreSQL tests skipped: scripts/postgres.sh start failed: \(started.stderr)\n".utf8))
            return nil
        }
        return url
    }()

    static var available: Bool { url != nil }
}
