import Foundation

/// A time unit chosen for a whole table, pytest-benchmark style: from the smallest minimum.
public struct TimeUnit: Equatable, Sendable {
    public let symbol: String
    /// Multiplier from seconds.
    public let scale: Double

    static let nanoseconds = TimeUnit(symbol: "ns", scale: 1e9)
    static let microseconds = TimeUnit(symbol: "us", scale: 1e6)
    static let milliseconds = TimeUnit(symbol: "ms", scale: 1e3)
    static let seconds = TimeUnit(symbol: "s", scale: 1)

    /// The unit in which `seconds` reads as at least 1.
    public static func fitting(_ seconds: Double) -> TimeUnit {
        switch seconds {
        case ..<1e-6: .nanoseconds
        case ..<1e-3: .microseconds
        case ..<1: .milliseconds
        default: .seconds
        }
    }

    public func format(_ seconds: Double) -> String {
        formatted(seconds * scale, decimals: 4)
    }

    /// `seconds` in the unit that fits it, with three significant digits: `12.3 us`.
    public static func readable(_ seconds: Double) -> String {
        let unit = fitting(seconds)
        return String(format: "%.3g", seconds * unit.scale) + " " + unit.symbol
    }
}

/// `value` with thousands separators and a fixed number of decimals.
public func formatted(_ value: Double, decimals: Int) -> String {
    let text = String(format: "%.\(decimals)f", value)
    let parts = text.split(separator: ".", maxSplits: 1)
    var integer = String(parts[0])
    let negative = integer.hasPrefix("-")
    if negative { integer.removeFirst() }
    var grouped = ""
    for (index, digit) in integer.reversed().enumerated() {
        if index > 0 && index % 3 == 0 { grouped.append(",") }
        grouped.append(digit)
    }
    let result = (negative ? "-" : "") + String(grouped.reversed())
    return parts.count == 2 ? result + "." + parts[1] : result
}

/// Operations per second with a K/M/G prefix, e.g. `1.2346 Mops/s`.
func formatOps(_ ops: Double) -> String {
    switch ops {
    case 1e12...: String(format: "%.3e ", ops)
    case 1e9...: formatted(ops / 1e9, decimals: 4) + " G"
    case 1e6...: formatted(ops / 1e6, decimals: 4) + " M"
    case 1e3...: formatted(ops / 1e3, decimals: 4) + " K"
    default: formatted(ops, decimals: 4) + " "
    }
}

/// A byte count with a binary prefix, e.g. `4.0 KiB`; plain bytes under 1 KiB.
func formatBytes(_ bytes: Double) -> String {
    let (kibi, mebi, gibi) = (1024.0, 1048576.0, 1073741824.0)
    return switch bytes {
    case gibi...: formatted(bytes / gibi, decimals: 1) + " GiB"
    case mebi...: formatted(bytes / mebi, decimals: 1) + " MiB"
    case kibi...: formatted(bytes / kibi, decimals: 1) + " KiB"
    default: formatted(bytes, decimals: bytes == bytes.rounded() ? 0 : 1) + " B"
    }
}
