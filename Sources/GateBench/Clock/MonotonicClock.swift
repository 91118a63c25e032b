#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The runner's clock: `CLOCK_MONOTONIC` as integer nanoseconds.
///
/// Read twice per round (never per iteration). `ContinuousClock` is `CLOCK_BOOTTIME`
/// underneath and measurably dearer per read here, so the timed window uses this one.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point. The corresponding C function is `clock_gettime`.
    @inline(__always)
    public static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// The clock's advertised resolution in nanoseconds. The corresponding C function is `clock_getres`.
    public static func resolution() -> UInt64 {
        var spec = timespec()
        clock_getres(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
