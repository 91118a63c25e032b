import Foundation

/// The machine and build a run measured, in pytest-benchmark's `machine_info` shape plus our own keys.
public struct MachineInfo: Sendable, Codable, Equatable {
    public var node: String
    public var processor: String
    public var machine: String
    public var system: String
    public var release: String
    public var cpu: CPU
    public var memoryBytes: UInt64
    public var os: String
    public var swiftVersion: String
    public var build: BuildConfiguration
    public var jemallocVersion: String
    /// The SQLite library the service layer linked, when the runner knows it (absent in older runs).
    public var sqliteVersion: String?
    public var clock: ClockCharacteristics

    public struct CPU: Sendable, Codable, Equatable {
        public var brandRaw: String
        public var count: Int
        public var arch: String

        enum CodingKeys: String, CodingKey {
            case brandRaw = "brand_raw"
            case count
            case arch
        }
    }

    enum CodingKeys: String, CodingKey {
        case node, processor, machine, system, release, cpu, os, build, clock
        case memoryBytes = "memory_bytes"
        case swiftVersion = "swift_version"
        case jemallocVersion = "jemalloc_version"
        case sqliteVersion = "sqlite_version"
    }

    /// Reads this machine: `uname`, `/proc/cpuinfo`, `/etc/os-release`, physical memory.
    public static func current(clock: ClockCharacteristics, jemallocVersion: String, sqliteVersion: String? = nil)
        -> MachineInfo
    {
        var names = utsname()
        uname(&names)
        let machine = withUnsafeBytes(of: &names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let node = withUnsafeBytes(of: &names.nodename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let brand = field("model name", in: "/proc/cpuinfo", separator: ":") ?? "unknown"
        let os = field("PRETTY_NAME", in: "/etc/os-release", separator: "=")?
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? "unknown"
        return MachineInfo(
            node: node, processor: brand, machine: machine, system: "Linux", release: release,
            cpu: CPU(brandRaw: brand, count: ProcessInfo.processInfo.activeProcessorCount, arch: machine),
            memoryBytes: ProcessInfo.processInfo.physicalMemory, os: os, swiftVersion: compilerVersion,
            build: .current, jemallocVersion: jemallocVersion, sqliteVersion: sqliteVersion, clock: clock)
    }

    /// The compiler that built this binary, to the minor version.
    static var compilerVersion: String {
        #if compiler(>=6.4)
        "6.4+"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "6.1 or older"
        #endif
    }

    private static func field(_ key: String, in path: String, separator: Character) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: separator, maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
