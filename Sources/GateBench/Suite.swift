/// The benchmarks of a run, filled by explicit calls such as `suite.addHarness()`.
///
/// No global registry: whoever builds the suite decides what is in it.
public struct Suite: Sendable {
    /// Every registered benchmark, in registration order.
    public private(set) var benchmarks: [Benchmark] = []
    /// Figures computed from several benchmarks of a group after a run.
    public private(set) var derivedFigures: [DerivedFigure] = []
    /// Comparison thresholds (fractions) that replace the command line's for one benchmark.
    public private(set) var thresholdOverrides: [BenchmarkKey: Double] = [:]

    public init() {}

    /// Registers `benchmark`; an id registered twice is a programming error.
    public mutating func add(_ benchmark: Benchmark) {
        precondition(!benchmarks.contains { $0.id == benchmark.id }, "benchmark \(benchmark.id.fullname) registered twice")
        benchmarks.append(benchmark)
    }

    /// Registers a figure derived from benchmarks of its group.
    public mutating func add(_ figure: DerivedFigure) {
        derivedFigures.append(figure)
    }

    /// Judges `group/name` by `threshold` (a fraction) instead of the command line's (a noisy open-loop load, say).
    public mutating func setThreshold(_ threshold: Double, for group: String, _ name: String) {
        thresholdOverrides[BenchmarkKey(group: group, name: name)] = threshold
    }

    /// The group names, sorted.
    public var groups: [String] { Array(Set(benchmarks.map(\.id.group))).sorted() }

    /// The benchmarks of `groups` (all when empty) whose `group/name` matches `filter`.
    ///
    /// - Throws: `SelectionError` for an unknown group, a bad pattern, or a selection that is empty.
    public func select(groups requested: [String], filter: String?) throws(SelectionError) -> [Benchmark] {
        let known = groups
        for group in requested where !known.contains(group) {
            throw .unknownGroup(group, known: known)
        }
        var chosen = requested.isEmpty ? benchmarks : benchmarks.filter { requested.contains($0.id.group) }
        if let filter {
            let pattern: Regex<AnyRegexOutput>
            do {
                pattern = try Regex(filter)
            } catch {
                throw .badPattern(filter, reason: String(describing: error))
            }
            let candidates = chosen.map { "\($0.id.group)/\($0.id.name)" }
            chosen = chosen.filter { "\($0.id.group)/\($0.id.name)".contains(pattern) }
            if chosen.isEmpty { throw .noMatch(filter, candidates: candidates) }
        }
        return chosen
    }
}

/// Why a selection of benchmarks failed; the message lists what would have been valid.
public enum SelectionError: Error, CustomStringConvertible, Sendable, Equatable {
    case unknownGroup(String, known: [String])
    case badPattern(String, reason: String)
    case noMatch(String, candidates: [String])

    public var description: String {
        switch self {
        case .unknownGroup(let group, let known):
            let hint = closestMatch(to: group, in: known).map { " Did you mean '\($0)'?" } ?? ""
            return "unknown group '\(group)'; groups: \(known.joined(separator: ", ")).\(hint)"
        case .badPattern(let pattern, let reason):
            return "--filter '\(pattern)' is not a valid regular expression: \(reason)"
        case .noMatch(let pattern, let candidates):
            return "--filter '\(pattern)' matches no benchmark; benchmarks: \(candidates.joined(separator: ", "))"
        }
    }
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return nil }
    return best
}

/// Levenshtein distance between two strings.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
