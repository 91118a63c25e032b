import Foundation
import GateBench
import GateSQLite

/// Saved runs, one row per benchmark per run, in a local SQLite file (schema in `docs/history.md`).
///
/// ```swift
/// let history = try RunHistory(path: RunHistory.defaultPath, create: true)
/// try history.add(run, source: "run.json")
/// let points = try history.trend(benchmark: "multi_tenancy/user_team_ids", fingerprint: digest)
/// ```
/// The file is never recreated or migrated behind the user's back: a corrupt file, a file of
/// another program or of a newer schema is refused with its path, and left as it is.
public final class RunHistory {
    /// The schema this build reads and writes (`PRAGMA user_version`).
    public static let schemaVersion: Int64 = 1
    /// Where `bench history` keeps its database unless told otherwise.
    public static let defaultPath = ".benchdata/history.sqlite"

    public let path: String
    private let connection: SQLiteConnection

    /// Opens the history at `path`; with `create`, a missing file is created with the current schema.
    public init(path: String, create: Bool) throws(HistoryError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        guard exists || create else { throw .missing(path) }
        if !exists {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        }
        do {
            connection = try SQLiteConnection(path: path, create: !exists)
            try connection.execute("PRAGMA busy_timeout = 5000")
        } catch {
            throw .unreadable(path, reason: error.description)
        }
        try checkSchema(isNew: !exists)
    }

    private func checkSchema(isNew: Bool) throws(HistoryError) {
        let version: Int64
        let tables: Int64
        do {
            version = try connection.prepare("PRAGMA user_version").singleInt64() ?? 0
            tables = try connection.prepare("SELECT count(*) FROM sqlite_schema").singleInt64() ?? 0
            let check = try connection.prepare("PRAGMA quick_check")
            var problems: [String] = []
            while try check.step() { problems.append(check.string(at: 0)) }
            guard problems == ["ok"] else { throw HistoryError.corrupt(path, reason: problems.prefix(3).joined(separator: "; ")) }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw .corrupt(path, reason: String(describing: error))
        }
        if version > Self.schemaVersion { throw .newerSchema(path, found: version, supported: Self.schemaVersion) }
        if version == 0 {
            guard tables == 0 else { throw .foreign(path) }
            do {
                try connection.execute(Self.schema)
            } catch {
                throw .unwritable(path, reason: error.description)
            }
        }
    }

    /// Version 1. Times are seconds per operation; `commit_epoch` orders commits.
    static let schema = """
        BEGIN;
        CREATE TABLE fingerprints(
            id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE, summary TEXT NOT NULL, json TEXT NOT NULL);
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY, fingerprint_id INTEGER NOT NULL REFERENCES fingerprints(id),
            commit_id TEXT NOT NULL, commit_epoch REAL, dirty INTEGER NOT NULL, branch TEXT NOT NULL,
            datetime TEXT NOT NULL, source TEXT NOT NULL, UNIQUE(fingerprint_id, commit_id, datetime));
        CREATE TABLE results(
            run_id INTEGER NOT NULL REFERENCES runs(id), benchmark TEXT NOT NULL, median REAL NOT NULL, min REAL NOT NULL,
            ci_low REAL, ci_high REAL, p99 REAL, ops REAL NOT NULL, allocations_per_op REAL, rounds INTEGER NOT NULL,
            PRIMARY KEY(run_id, benchmark)) WITHOUT ROWID;
        CREATE INDEX results_by_benchmark ON results(benchmark, run_id);
        PRAGMA user_version = 1;
        COMMIT;
        """

    /// What `add` did.
    public enum Added: Equatable, Sendable {
        case added(benchmarks: Int)
        /// The same run (fingerprint, commit and time) is already stored.
        case alreadyPresent
    }

    /// Stores every measured benchmark of `run`; one flagged as optimized away has no time to keep.
    @discardableResult
    public func add(_ run: RunDocument, source: String) throws(HistoryError) -> Added {
        let fingerprint = Fingerprint(run)
        let measured = run.benchmarks.filter { !$0.isOptimizedAway && $0.stats.rounds > 0 }
        do {
            return try connection.transaction {
                let fingerprintID = try fingerprintRow(fingerprint)
                let existing = try connection.prepare(
                    "SELECT id FROM runs WHERE fingerprint_id = ?1 AND commit_id = ?2 AND datetime = ?3")
                existing.bind(fingerprintID, at: 1)
                existing.bind(run.commitInfo.id, at: 2)
                existing.bind(run.datetime, at: 3)
                if try existing.singleInt64() != nil { return .alreadyPresent }
                let insertRun = try connection.prepare(
                    """
                    INSERT INTO runs(fingerprint_id, commit_id, commit_epoch, dirty, branch, datetime, source)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id
                    """)
                insertRun.bind(fingerprintID, at: 1)
                insertRun.bind(run.commitInfo.id, at: 2)
                if let epoch = run.commitInfo.time.flatMap(Self.epoch) { insertRun.bind(epoch, at: 3) } else { insertRun.bindNull(at: 3) }
                insertRun.bind(run.commitInfo.dirty ? 1 : 0, at: 4)
                insertRun.bind(run.commitInfo.branch, at: 5)
                insertRun.bind(run.datetime, at: 6)
                insertRun.bind(source, at: 7)
                guard let runID = try insertRun.singleInt64() else { throw HistoryError.unwritable(path, reason: "no run id") }
                let insertResult = try connection.prepare(
                    """
                    INSERT INTO results(run_id, benchmark, median, ci_low, ci_high, p99, ops, allocations_per_op, rounds, min)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                    """)
                for record in measured {
                    insertResult.reset()
                    insertResult.bind(runID, at: 1)
                    insertResult.bind("\(record.group)/\(record.name)", at: 2)
                    insertResult.bind(record.stats.median, at: 3)
                    bind(record.extraNumber(BenchmarkRecord.HarnessKey.medianCILow), at: 4, of: insertResult)
                    bind(record.extraNumber(BenchmarkRecord.HarnessKey.medianCIHigh), at: 5, of: insertResult)
                    bind(record.extraNumber(BenchmarkRecord.HarnessKey.p99), at: 6, of: insertResult)
                    insertResult.bind(record.stats.ops, at: 7)
                    bind(record.extraNumber(BenchmarkRecord.HarnessKey.allocationsPerOp), at: 8, of: insertResult)
                    insertResult.bind(record.stats.rounds, at: 9)
                    insertResult.bind(record.stats.min, at: 10)
                    try insertResult.run()
                }
                return .added(benchmarks: measured.count)
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw .unwritable(path, reason: String(describing: error))
        }
    }

    private func bind(_ value: Double?, at index: Int32, of statement: Statement) {
        if let value { statement.bind(value, at: index) } else { statement.bindNull(at: index) }
    }

    private func fingerprintRow(_ fingerprint: Fingerprint) throws -> Int64 {
        let find = try connection.prepare("SELECT id FROM fingerprints WHERE digest = ?1")
        find.bind(fingerprint.digest, at: 1)
        if let id = try find.singleInt64() { return id }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let insert = try connection.prepare("INSERT INTO fingerprints(digest, summary, json) VALUES (?1, ?2, ?3) RETURNING id")
        insert.bind(fingerprint.digest, at: 1)
        insert.bind(Self.summary(fingerprint), at: 2)
        insert.bind(String(decoding: try encoder.encode(fingerprint), as: UTF8.self), at: 3)
        guard let id = try insert.singleInt64() else { throw HistoryError.unwritable(path, reason: "no fingerprint id") }
        return id
    }

    /// `host, 2 × CPU, release, wave small`: enough to tell fingerprints apart by eye.
    static func summary(_ fingerprint: Fingerprint) -> String {
        let settings = fingerprint.settings ?? [:]
        return [
            fingerprint.host, "\(fingerprint.cores) × \(fingerprint.cpuModel)", fingerprint.build.rawValue,
            settings["wave"].map { "wave \($0)" }, settings["max_time"].map { "max-time \($0) s" },
        ].compactMap { $0 }.joined(separator: ", ")
    }

    static func epoch(_ iso: String) -> Double? {
        ISO8601DateFormatter().date(from: iso)?.timeIntervalSince1970
    }

    /// A machine and settings with runs in the history.
    public struct FingerprintEntry: Sendable, Equatable {
        public var digest: String
        public var summary: String
        public var runs: Int
    }

    /// Every fingerprint with at least one run, most runs first.
    public func fingerprints() throws(HistoryError) -> [FingerprintEntry] {
        try query(
            """
            SELECT f.digest, f.summary, count(r.id) FROM fingerprints f JOIN runs r ON r.fingerprint_id = f.id
            GROUP BY f.id ORDER BY count(r.id) DESC, f.digest
            """
        ) { FingerprintEntry(digest: $0.string(at: 0), summary: $0.string(at: 1), runs: Int($0.int64(at: 2))) }
    }

    /// The benchmarks measured under `fingerprint`, by name.
    public func benchmarks(fingerprint: String) throws(HistoryError) -> [String] {
        try query(
            """
            SELECT DISTINCT x.benchmark FROM results x JOIN runs r ON r.id = x.run_id
            JOIN fingerprints f ON f.id = r.fingerprint_id WHERE f.digest = ?1 ORDER BY x.benchmark
            """, bind: { $0.bind(fingerprint, at: 1) }
        ) { $0.string(at: 0) }
    }

    /// One benchmark's runs under one fingerprint, in commit order (then run time).
    public func runs(benchmark: String, fingerprint: String) throws(HistoryError) -> [HistoryRun] {
        try query(
            """
            SELECT r.commit_id, r.dirty, r.commit_epoch, r.datetime, x.median, x.ci_low, x.ci_high, x.min
            FROM results x JOIN runs r ON r.id = x.run_id JOIN fingerprints f ON f.id = r.fingerprint_id
            WHERE f.digest = ?1 AND x.benchmark = ?2
            ORDER BY r.commit_epoch IS NULL, r.commit_epoch, r.datetime
            """,
            bind: {
                $0.bind(fingerprint, at: 1)
                $0.bind(benchmark, at: 2)
            }
        ) { row in
            HistoryRun(
                commit: row.string(at: 0), dirty: row.int64(at: 1) != 0, commitEpoch: row.optionalDouble(at: 2),
                datetime: row.string(at: 3), median: row.double(at: 4), medianCILow: row.optionalDouble(at: 5),
                medianCIHigh: row.optionalDouble(at: 6), min: row.double(at: 7))
        }
    }

    private func query<T>(_ sql: String, bind: (Statement) -> Void = { _ in }, row: (Statement) -> T) throws(HistoryError) -> [T] {
        do {
            let statement = try connection.prepare(sql)
            bind(statement)
            var rows: [T] = []
            while try statement.step() { rows.append(row(statement)) }
            return rows
        } catch {
            throw .unreadable(path, reason: error.description)
        }
    }
}

/// One run of one benchmark as the history holds it.
public struct HistoryRun: Sendable, Equatable {
    public var commit: String
    public var dirty: Bool
    public var commitEpoch: Double?
    public var datetime: String
    /// Seconds per operation.
    public var median: Double
    public var medianCILow: Double?
    public var medianCIHigh: Double?
    /// The fastest round, seconds per operation.
    public var min: Double

    public init(
        commit: String, dirty: Bool, commitEpoch: Double?, datetime: String, median: Double, medianCILow: Double? = nil,
        medianCIHigh: Double? = nil, min: Double? = nil
    ) {
        self.commit = commit
        self.dirty = dirty
        self.commitEpoch = commitEpoch
        self.datetime = datetime
        self.median = median
        self.medianCILow = medianCILow
        self.medianCIHigh = medianCIHigh
        self.min = min ?? median
    }

    /// The figure of this run a trend follows.
    public func value(_ statistic: TrendStatistic) -> Double {
        switch statistic {
        case .median: median
        case .min: min
        }
    }
}

/// Which figure of each run a trend follows.
public enum TrendStatistic: String, Sendable, CaseIterable {
    /// The median round: what a typical call costs.
    case median
    /// The fastest round: what a call costs when nothing else on the machine interferes. A run
    /// caught in a slow phase of the VM moves its median but rarely its fastest round.
    case min
}
