/// What must be equal for two runs' times to be comparable: the machine, the toolchain, the
/// libraries, the build configuration and the run's settings (wave, seed, max-time, …).
///
/// Two VMs of the same type running identical code measured −7 % to −62 % apart here, so the host
/// itself is part of the fingerprint, not only its CPU model.
public struct Fingerprint: Sendable, Codable, Equatable {
    public var host: String
    public var cpuModel: String
    public var cores: Int
    public var kernel: String
    public var swiftVersion: String
    public var jemallocVersion: String
    public var sqliteVersion: String?
    public var build: BuildConfiguration
    /// The run's settings, `name → value` (wave, seed, max_time, …); nil in runs saved before they were recorded.
    public var settings: [String: String]?

    enum CodingKeys: String, CodingKey {
        case host, cores, kernel, build, settings
        case cpuModel = "cpu_model", swiftVersion = "swift_version", jemallocVersion = "jemalloc_version"
        case sqliteVersion = "sqlite_version"
    }

    public init(_ document: RunDocument) {
        self.init(machine: document.machineInfo, settings: document.settings)
    }

    public init(machine: MachineInfo, settings: [String: String]?) {
        host = machine.node
        cpuModel = machine.cpu.brandRaw
        cores = machine.cpu.count
        kernel = machine.release
        swiftVersion = machine.swiftVersion
        jemallocVersion = machine.jemallocVersion
        sqliteVersion = machine.sqliteVersion
        build = machine.build
        self.settings = settings
    }

    /// Each field that differs, as `field: A vs B`; empty when comparable.
    public func differences(from other: Fingerprint) -> [String] {
        func field(_ name: String, _ a: String?, _ b: String?) -> String? {
            a == b ? nil : "\(name): \(a ?? "not recorded") vs \(b ?? "not recorded")"
        }
        var result = [
            field("host", host, other.host), field("CPU", cpuModel, other.cpuModel),
            field("cores", String(cores), String(other.cores)), field("kernel", kernel, other.kernel),
            field("Swift", swiftVersion, other.swiftVersion), field("jemalloc", jemallocVersion, other.jemallocVersion),
            field("SQLite", sqliteVersion, other.sqliteVersion), field("build", build.rawValue, other.build.rawValue),
        ].compactMap { $0 }
        if let mine = settings, let theirs = other.settings {
            for name in Set(mine.keys).union(theirs.keys).sorted() {
                if let difference = field(name, mine[name], theirs[name]) { result.append(difference) }
            }
        } else if settings != other.settings {
            result.append("settings: \(settings == nil ? "not recorded" : "recorded") vs \(other.settings == nil ? "not recorded" : "recorded")")
        }
        return result
    }

    /// A short stable name for files keyed by this fingerprint (FNV-1a of its fields).
    public var digest: String {
        let text = [host, cpuModel, String(cores), kernel, swiftVersion, jemallocVersion, sqliteVersion ?? "", build.rawValue]
            .joined(separator: "\u{1F}")
            + (settings ?? [:]).sorted { $0.key < $1.key }.map { "\u{1F}\($0.key)=\($0.value)" }.joined()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// Benchmarks that ran with other params (wave, seed, cache size, …) on the two sides, as
    /// `group/name: [a] vs [b]`: runs saved before settings were recorded carry them only there.
    public static func paramDifferences(base: [RunDocument], head: [RunDocument]) -> [String] {
        func params(_ runs: [RunDocument]) -> [BenchmarkKey: String] {
            var result: [BenchmarkKey: String] = [:]
            for record in runs.flatMap(\.benchmarks) {
                result[BenchmarkKey(group: record.group, name: record.name)] = record.param ?? ""
            }
            return result
        }
        let before = params(base), after = params(head)
        return before.keys.sorted().compactMap { key in
            guard let old = before[key], let new = after[key], old != new else { return nil }
            return "\(key): [\(old)] vs [\(new)]"
        }
    }
}
