/// Names one benchmark: its group, its name and the parameters it ran with.
public struct BenchmarkID: Hashable, Sendable, Codable {
    /// The group, e.g. `multi_tenancy`; `bench --group` selects by it.
    public let group: String
    /// The benchmark's name inside its group, e.g. `user_team_ids`.
    public let name: String
    /// Parameters such as the wave and the seed; part of the identity, so two waves never compare.
    public let params: [String: String]

    public init(group: String, name: String, params: [String: String] = [:]) {
        self.group = group
        self.name = name
        self.params = params
    }

    /// `group/name[key=value,...]`, the form used in reports and pytest-benchmark's `fullname`.
    public var fullname: String {
        "\(group)/\(name)\(paramSuffix)"
    }

    /// `[key=value,...]` sorted by key, or the empty string without parameters.
    public var paramSuffix: String {
        params.isEmpty ? "" : "[" + params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ",") + "]"
    }
}
