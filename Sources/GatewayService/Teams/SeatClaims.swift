/// Seats of teams with a fixed limit, whatever the engine: `SeatService` (SQLite) and the
/// PostgreSQL one. Claims of one team are serialized by the engine, so no team ends up over its limit.
public protocol SeatClaims: AnyObject, Sendable {
    /// Sets `team`'s limit and frees its seats.
    func reset(team: Int64, limit: Int) throws
    /// Gives `user` a seat of `team` if one is left.
    func claim(team: Int64, user: String, at now: Int64) throws -> SeatService.Claim
    /// The users holding a seat of `team`, by e-mail.
    func holders(of team: Int64) throws -> [String]
}

extension SeatService: SeatClaims {}
