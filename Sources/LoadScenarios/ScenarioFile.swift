import Foundation
import Yams

/// Reads a scenario from YAML, checking every field before anything runs. An error names the
/// file, the line and the field.
///
/// ```yaml
/// name: default-mix
/// workers: 4
/// population: {users: 1000, skew: 1.1}
/// mix: {scoped_listing: 40, keyset_page: 20, heartbeat: 10}
/// phases:
///   - {name: warm-up, duration: 5s, rate: 200, warmup: true}
///   - {name: ramp, duration: 30s, rate: 200..2000, assert: false}
///   - {name: closed, duration: 10s, users: 8}
/// assertions: ["p99_ms < 50", "error_rate < 0.01", "scoped_listing.p95_ms < 20"]
/// seats: 50                     # the contended team's seat limit (claim_seat)
/// verify_scope: 0.25            # check a quarter of scoped_listing responses against the oracle
/// ```
public enum ScenarioFile {
    /// A scenario file that cannot be used.
    public struct Invalid: Error, CustomStringConvertible {
        public let file: String
        public let line: Int?
        public let field: String
        public let problem: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(field): \(problem)" }
    }

    /// Parses `text`, read from `file` (named in errors).
    public static func parse(_ text: String, file: String) throws(Invalid) -> Scenario {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw Invalid(file: file, line: nil, field: "(file)", problem: "empty")
            }
            root = node
        } catch let error as Invalid {
            throw error
        } catch {
            let text = String(describing: error)
            throw Invalid(file: file, line: Self.line(in: text), field: "(syntax)", problem: text)
        }
        return try Reader(file: file).scenario(root)
    }

    /// Reads and parses the file at `path`.
    public static func load(_ path: String) throws(Invalid) -> Scenario {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Invalid(file: path, line: nil, field: "(file)", problem: "cannot be read")
        }
        return try parse(text, file: path)
    }

    /// `30s`, `500ms`, `2m`, `48h`: positive, at most 30 days; nil otherwise.
    public static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3_600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value > 0, value * scale <= 30 * 86_400 {
                return .nanoseconds(Int64((value * scale * 1e9).rounded()))
            }
        }
        return nil
    }

    /// The line of Yams's `line:column: error: ...` message.
    private static func line(in message: String) -> Int? {
        message.split(separator: ":", maxSplits: 1).first.flatMap { Int($0) }
    }
}

/// Walks the YAML tree with the file's name at hand for errors.
private struct Reader {
    let file: String

    func fail(_ node: Node?, _ field: String, _ problem: String) -> ScenarioFile.Invalid {
        ScenarioFile.Invalid(file: file, line: node?.mark?.line, field: field, problem: problem)
    }

    func scenario(_ root: Node) throws(ScenarioFile.Invalid) -> Scenario {
        let fields = try mapping(root, "(top level)", allowed: ["name", "description", "workers", "population", "mix", "phases", "assertions", "seats", "verify_scope"])
        guard let name = fields["name"]?.node.string, !name.isEmpty else { throw fail(root, "name", "missing") }
        var workers = 4
        if let node = fields["workers"]?.node { workers = try integer(node, "workers", in: 1...64) }
        var population = Scenario.Population(users: 1_000, skew: 1.0)
        if let node = fields["population"]?.node { population = try self.population(node) }
        var assertions: [Scenario.Assertion] = []
        if let node = fields["assertions"]?.node { assertions = try self.assertions(node) }
        var seats = 50
        if let node = fields["seats"]?.node { seats = try integer(node, "seats", in: 0...1_000_000) }
        var verifyScope = 0.0
        if let node = fields["verify_scope"]?.node {
            verifyScope = try number(node, "verify_scope")
            guard (0...1).contains(verifyScope) else { throw fail(node, "verify_scope", "a share of responses, in 0...1") }
        }
        guard let mixNode = fields["mix"]?.node else { throw fail(root, "mix", "missing: weights of the operations") }
        guard let phasesNode = fields["phases"]?.node else { throw fail(root, "phases", "missing") }
        let phases = try self.phases(phasesNode)
        if assertions.isEmpty, let index = phases.firstIndex(where: { if case .search = $0.load { true } else { false } }) {
            throw fail(phasesNode.sequence?[index], "phases[\(index)].search", "a capacity search needs assertions: they decide each rate")
        }
        var scenario = Scenario(
            name: name, description: fields["description"]?.node.string ?? "", workers: workers,
            mix: try mix(mixNode), population: population, phases: phases, assertions: assertions, seatLimit: seats)
        scenario.verifyScope = verifyScope
        return scenario
    }

    func mapping(_ node: Node, _ field: String, allowed: Set<String>) throws(ScenarioFile.Invalid)
        -> [String: (key: Node, node: Node)]
    {
        guard let mapping = node.mapping else { throw fail(node, field, "expected a mapping of keys to values") }
        var fields: [String: (key: Node, node: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, field, "a key must be text") }
            guard allowed.contains(name) else {
                throw fail(key, field == "(top level)" ? name : "\(field).\(name)", "unknown; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            fields[name] = (key, value)
        }
        return fields
    }

    func number(_ node: Node, _ field: String) throws(ScenarioFile.Invalid) -> Double {
        guard let text = node.string, let value = Double(text), value.isFinite else { throw fail(node, field, "expected a number") }
        return value
    }

    func integer(_ node: Node, _ field: String, in range: ClosedRange<Int>) throws(ScenarioFile.Invalid) -> Int {
        guard let text = node.string, let value = Int(text), range.contains(value) else {
            throw fail(node, field, "expected a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func population(_ node: Node) throws(ScenarioFile.Invalid) -> Scenario.Population {
        let fields = try mapping(node, "population", allowed: ["users", "skew"])
        var users = 1_000
        if let node = fields["users"]?.node { users = try integer(node, "population.users", in: 1...10_000_000) }
        var skew = 1.0
        if let node = fields["skew"]?.node { skew = try number(node, "population.skew") }
        guard skew >= 0, skew <= 10 else { throw fail(fields["skew"]?.node, "population.skew", "must be in 0...10") }
        return Scenario.Population(users: users, skew: skew)
    }

    func mix(_ node: Node) throws(ScenarioFile.Invalid) -> [Scenario.WeightedOperation] {
        guard let mapping = node.mapping else { throw fail(node, "mix", "expected operation: weight pairs") }
        var mix: [Scenario.WeightedOperation] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard let operation = LoadOperation(rawValue: name) else {
                throw fail(key, "mix.\(name)", "unknown operation; expected one of \(LoadOperation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let weight = try number(value, "mix.\(name)")
            guard weight >= 0 else { throw fail(value, "mix.\(name)", "a weight cannot be negative") }
            mix.append(Scenario.WeightedOperation(operation: operation, weight: weight))
        }
        guard mix.contains(where: { $0.weight > 0 }) else { throw fail(node, "mix", "no operation has a weight above 0") }
        return mix
    }

    func phases(_ node: Node) throws(ScenarioFile.Invalid) -> [Scenario.Phase] {
        guard let sequence = node.sequence, !sequence.isEmpty else { throw fail(node, "phases", "expected a list of phases") }
        var phases: [Scenario.Phase] = []
        for (index, item) in sequence.enumerated() {
            let field = "phases[\(index)]"
            let fields = try mapping(item, field, allowed: ["name", "duration", "rate", "users", "search", "step", "warmup", "assert"])
            let load: Scenario.Phase.Load
            let duration: Duration
            if let search = fields["search"]?.node {
                guard let stepNode = fields["step"]?.node else { throw fail(item, "\(field).step", "missing: each rate's try, e.g. 2s") }
                guard fields["duration"] == nil, fields["rate"] == nil, fields["users"] == nil else {
                    throw fail(item, field, "a search phase takes `search: FROM..CAP` and `step`, not duration, rate or users")
                }
                guard case .rate(let from, let cap) = try rate(search, "\(field).search"), cap > from else {
                    throw fail(search, "\(field).search", "expected FROM..CAP with CAP above FROM")
                }
                duration = try self.duration(stepNode, "\(field).step")
                load = .search(from: from, cap: cap, step: duration)
            } else {
                guard let durationNode = fields["duration"]?.node else { throw fail(item, "\(field).duration", "missing") }
                duration = try self.duration(durationNode, "\(field).duration")
                switch (fields["rate"]?.node, fields["users"]?.node) {
                case (let rate?, nil): load = try self.rate(rate, "\(field).rate")
                case (nil, let users?): load = try self.users(users, "\(field).users")
                default: throw fail(item, field, "needs either `rate` (open loop), `users` (closed loop) or `search` (capacity)")
                }
            }
            let isWarmup = try flag(fields["warmup"]?.node, "\(field).warmup") ?? false
            let isAsserted = try flag(fields["assert"]?.node, "\(field).assert") ?? true
            phases.append(
                Scenario.Phase(
                    name: fields["name"]?.node.string ?? "phase \(index + 1)", duration: duration, load: load, isWarmup: isWarmup,
                    isAsserted: isAsserted))
        }
        return phases
    }

    func flag(_ node: Node?, _ field: String) throws(ScenarioFile.Invalid) -> Bool? {
        guard let node else { return nil }
        switch node.string {
        case "true": return true
        case "false": return false
        default: throw fail(node, field, "expected true or false")
        }
    }

    func duration(_ node: Node, _ field: String) throws(ScenarioFile.Invalid) -> Duration {
        let text = node.string ?? ""
        guard let duration = ScenarioFile.duration(text) else {
            throw fail(node, field, "expected a positive duration up to 30 days such as 500ms, 30s, 2m or 48h; got '\(text)'")
        }
        return duration
    }

    /// `500` or `200..2000` (ramping linearly over the phase).
    func rate(_ node: Node, _ field: String) throws(ScenarioFile.Invalid) -> Scenario.Phase.Load {
        let (from, to) = try fromTo(node, field, parse: Double.init, valid: { $0 > 0 && $0 <= 2_000_000 }, expected: "arrivals per second in (0, 2000000]")
        return .rate(from: from, to: to)
    }

    /// `8` or `2..16` (ramping linearly over the phase), 1...256 users.
    func users(_ node: Node, _ field: String) throws(ScenarioFile.Invalid) -> Scenario.Phase.Load {
        let (from, to) = try fromTo(node, field, parse: { Int($0) }, valid: { (1...256).contains($0) }, expected: "virtual users in 1...256")
        return .users(from: from, to: to)
    }

    /// `V` (from = to = V) or `FROM..TO`, each value parsed and checked.
    func fromTo<Value>(
        _ node: Node, _ field: String, parse: (String) -> Value?, valid: (Value) -> Bool, expected: String
    ) throws(ScenarioFile.Invalid) -> (Value, Value) {
        let text = node.string ?? ""
        let parts = text.components(separatedBy: "..")
        let values = parts.compactMap { parse($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == parts.count, (1...2).contains(values.count), values.allSatisfy(valid) else {
            throw fail(node, field, "expected \(expected), or FROM..TO; got '\(text)'")
        }
        return (values[0], values[values.count - 1])
    }

    func assertions(_ node: Node) throws(ScenarioFile.Invalid) -> [Scenario.Assertion] {
        guard let sequence = node.sequence else { throw fail(node, "assertions", "expected a list such as [\"p99_ms < 50\"]") }
        var assertions: [Scenario.Assertion] = []
        for (index, item) in sequence.enumerated() { assertions.append(try assertion(item, "assertions[\(index)]")) }
        return assertions
    }

    func assertion(_ node: Node, _ field: String) throws(ScenarioFile.Invalid) -> Scenario.Assertion {
        let words = (node.string ?? "").split(separator: " ").map(String.init)
        guard words.count == 3 else { throw fail(node, field, "expected `[operation.]metric comparator value`, e.g. `p99_ms < 50`") }
        var metricName = words[0]
        var operation: LoadOperation?
        if let dot = metricName.firstIndex(of: ".") {
            let name = String(metricName[..<dot])
            guard let known = LoadOperation(rawValue: name) else { throw fail(node, field, "unknown operation '\(name)'") }
            operation = known
            metricName = String(metricName[metricName.index(after: dot)...])
        }
        guard let metric = Scenario.Assertion.Metric(rawValue: metricName) else {
            throw fail(node, field, "unknown metric '\(metricName)'; expected one of \(Scenario.Assertion.Metric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let comparator = Scenario.Assertion.Comparator(rawValue: words[1]) else {
            throw fail(node, field, "unknown comparator '\(words[1])'; expected <, <=, >, >= or ==")
        }
        guard let bound = Double(words[2]), bound.isFinite else { throw fail(node, field, "'\(words[2])' is not a number") }
        return Scenario.Assertion(operation: operation, metric: metric, comparator: comparator, bound: bound)
    }
}
