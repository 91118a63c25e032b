extension Int {
    /// A step near 0.618 of `self` (at least 1) that is coprime to it: stepping by it modulo
    /// `self` visits every value of `0..<self` once before it returns, consecutive steps landing
    /// far apart. The CLOCK hand walks a table's slots by it; the working set's scattered floor
    /// places keys by it.
    public var scatteringStride: Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var stride = Swift.max(1, self * 618 / 1_000)
        while gcd(stride, self) != 1 { stride += 1 }
        return stride
    }
}
