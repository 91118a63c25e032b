import Foundation

/// Things on this machine known to make run-to-run times swing, found by reading the kernel's
/// settings: `bench ab` and `bench noise` print them, so a user knows why intervals are wide.
public enum MachineNoiseSources {
    /// One sentence per source found; empty when none.
    public static func current() -> [String] {
        var found: [String] = []
        let damon = "/sys/kernel/mm/damon/admin/kdamonds"
        for daemon in (try? FileManager.default.contentsOfDirectory(atPath: damon)) ?? [] where Int(daemon) != nil {
            guard read("\(damon)/\(daemon)/state") == "on" else { continue }
            let schemes = "\(damon)/\(daemon)/contexts/0/schemes"
            let actions = ((try? FileManager.default.contentsOfDirectory(atPath: schemes)) ?? []).compactMap {
                read("\(schemes)/\($0)/action")
            }
            if actions.contains("pageout") {
                found.append(
                    "a DAMON kdamond with a pageout scheme is running: it evicts pages it finds cold (page cache "
                        + "of the seeded files included), so processes swing between fast and slow phases")
            }
        }
        if let governor = read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"), governor != "performance" {
            found.append("the CPU frequency governor is '\(governor)', not 'performance'")
        }
        return found
    }

    private static func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
