/// Draws an operation by the mix's weights.
struct OperationPicker: Sendable {
    private let operations: [LoadOperation]
    private let cumulative: [Double]

    init(_ mix: [Scenario.WeightedOperation]) {
        let weighted = mix.filter { $0.weight > 0 }
        operations = weighted.map(\.operation)
        var total = 0.0
        cumulative = weighted.map {
            total += $0.weight
            return total
        }
    }

    /// The operation for `random` in [0, 1).
    func pick(_ random: Double) -> LoadOperation {
        let target = random * cumulative[cumulative.count - 1]
        return operations[cumulative.firstIndex { target < $0 } ?? operations.count - 1]
    }
}
