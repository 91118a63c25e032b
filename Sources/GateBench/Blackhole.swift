/// Keeps a value alive so the optimizer cannot delete the work that produced it.
///
/// `@_optimize(none)` is what holds here: an `@inline(never)` sink was removed by the optimizer
/// (checked while building the harness). A call costs about 2 ns (`harness/opaque_call`,
/// docs/harness.md), so sink one value per round where possible.
@_optimize(none)
public func blackHole(_ value: some Any) {}

/// Returns its argument through a call the optimizer cannot see through.
///
/// Use it for benchmark inputs, so constants are not folded or loops hoisted:
/// `spinOnRawClock(nanoseconds: identity(10_000))`.
@_optimize(none)
public func identity<T>(_ value: T) -> T { value }
