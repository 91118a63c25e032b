import Foundation

/// This machine's measured run-to-run noise, per benchmark (`bench noise`: A/A pairs of one build).
///
/// `ab` plans its repetitions from it and `compare` uses it when a saved run has too few
/// repetitions for an exact interval.
public struct NoiseProfile: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var key: BenchmarkKey
        /// Robust SD (1.4826 × MAD) of the log of per-repetition medians: the between-process CV.
        public var repetitionNoise: Double
        /// Robust SD of paired log differences (back-to-back processes).
        public var pairedNoise: Double
        /// The smallest change an A/B run with `pairs` pairs would detect about 80 % of the time.
        public var detectableChange: Double
        public var pairs: Int

        enum CodingKeys: String, CodingKey {
            case key, pairs
            case repetitionNoise = "repetition_noise", pairedNoise = "paired_noise"
            case detectableChange = "detectable_change"
        }
    }

    public var fingerprint: Fingerprint
    /// ISO 8601.
    public var measured: String
    public var entries: [Entry]

    public init(fingerprint: Fingerprint, measured: String, entries: [Entry]) {
        self.fingerprint = fingerprint
        self.measured = measured
        self.entries = entries
    }

    /// Summarises A/A series (BASE and HEAD the same build) with `alpha` the per-benchmark level.
    public init(fingerprint: Fingerprint, series: [BenchmarkSeries], alpha: Double, date: Date = Date()) {
        self.fingerprint = fingerprint
        measured = ISO8601DateFormatter().string(from: date)
        entries = series.filter { !$0.base.isEmpty && $0.base.count == $0.head.count }.map { series in
            let logs = (series.base + series.head).map { log($0.median) }
            let differences = zip(series.base, series.head).map { log($1.median) - log($0.median) }
            let paired = Self.robustDeviation(differences)
            let z = normalQuantile(1 - alpha / 2)
            let pairs = series.base.count
            return Entry(
                key: series.key, repetitionNoise: Self.robustDeviation(logs), pairedNoise: paired,
                detectableChange: exp((z + 0.8416) * 1.25 * paired / Double(pairs).squareRoot()) - 1, pairs: pairs)
        }
    }

    /// 1.4826 × the median absolute deviation: the SD for normal data, unmoved by a few bursts.
    static func robustDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let centre = median(values.sorted())
        return 1.4826 * median(values.map { abs($0 - centre) }.sorted())
    }

    /// Between-repetition noise by benchmark.
    public var repetitionNoise: [BenchmarkKey: Double] {
        Dictionary(entries.map { ($0.key, $0.repetitionNoise) }, uniquingKeysWith: { a, _ in a })
    }

    /// Paired-difference noise by benchmark.
    public var pairedNoise: [BenchmarkKey: Double] {
        Dictionary(entries.map { ($0.key, $0.pairedNoise) }, uniquingKeysWith: { a, _ in a })
    }

    /// Where the profile of `fingerprint` is kept under `dataDirectory`.
    public static func path(for fingerprint: Fingerprint, dataDirectory: String) -> String {
        "\(dataDirectory)/noise/\(fingerprint.digest).json"
    }

    /// The saved profile for `fingerprint`, if one was measured.
    public static func load(for fingerprint: Fingerprint, dataDirectory: String) -> NoiseProfile? {
        guard let data = FileManager.default.contents(atPath: path(for: fingerprint, dataDirectory: dataDirectory)),
            let profile = try? JSONDecoder().decode(NoiseProfile.self, from: data), profile.fingerprint == fingerprint
        else { return nil }
        return profile
    }

    /// Saves atomically, replacing an older profile of the same fingerprint.
    public func save(dataDirectory: String) throws(AtomicFile.WriteError) {
        let path = Self.path(for: fingerprint, dataDirectory: dataDirectory)
        try? FileManager.default.createDirectory(atPath: "\(dataDirectory)/noise", withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { throw .failed(path, reason: "cannot encode the profile") }
        try AtomicFile.write(data, to: path, replacing: true)
    }
}
