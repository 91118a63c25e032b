import GatewayService

/// A property of the data that must hold after a load, whatever the interleaving.
public struct InvariantResult: Sendable, Codable {
    public var name: String
    public var held: Bool
    public var detail: String
}

enum Invariants {
    /// After a run that claimed seats or toggled the flag: the contended team is never over its
    /// limit and every `joined` is a row; the flag's toggle count equals the toggles that succeeded
    /// and its value their parity. Nothing is checked for operations the run did not use.
    static func check(_ database: LoadDatabase, seatLimit: Int, joined: Int?, toggles: Int?) throws -> [InvariantResult] {
        let (seats, flags) = try database.contended()
        var results: [InvariantResult] = []
        if let joined {
            let holders = try seats.holders(of: LoadContext.contendedTeam)
            results.append(
                InvariantResult(
                    name: "seats never over the limit", held: holders.count <= seatLimit,
                    detail: "\(holders.count) seats taken, limit \(seatLimit)"))
            results.append(
                InvariantResult(
                    name: "every joined is a seat", held: holders.count == joined && Set(holders).count == holders.count,
                    detail: "\(joined) joined, \(holders.count) rows"))
        }
        if let toggles {
            let state = try flags.state(LoadContext.raceFlag)
            let counted = state?.toggles ?? -1
            let enabled = state?.enabled ?? false
            results.append(
                InvariantResult(
                    name: "no toggle lost", held: counted == toggles && enabled == (toggles % 2 == 1),
                    detail: "\(toggles) toggles succeeded, the flag counts \(counted) and is \(enabled ? "on" : "off")"))
        }
        return results
    }
}
