import Foundation

/// Stack samples folded as `root;caller;callee count` lines, the format of FlameGraph's
/// stackcollapse-perf.pl, inferno and speedscope.
public struct FoldedStacks: Sendable, Equatable {
    /// Sample count per stack; frames root first.
    public var counts: [[String]: Int] = [:]

    public init(counts: [[String]: Int] = [:]) {
        self.counts = counts
    }

    /// Total samples.
    public var total: Int { counts.values.reduce(0, +) }

    /// Collapses `perf script` output: a sample header (thread name first), then one frame per
    /// indented line, leaf first (`addr symbol+0xoff (dso)`); unknown symbols become `[dso]`.
    public init(perfScript text: String) {
        var stack: [String] = []
        var thread: String?
        func flush() {
            if let thread, !stack.isEmpty { counts[[thread] + stack.reversed(), default: 0] += 1 }
            stack.removeAll(keepingCapacity: true)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                flush()
                thread = nil
            } else if line.first == " " || line.first == "\t" {
                stack.append(Self.frameName(line.trimmingCharacters(in: .whitespaces)))
            } else if !line.hasPrefix("#") {
                flush()
                thread = line.split(separator: " ").first.map(String.init)
            }
        }
        flush()
    }

    /// `7f1 sqlite3VdbeExec+0x1a (/usr/lib/libsqlite3.so)` → `sqlite3VdbeExec`; `[unknown] (/x/libz.so)` → `[libz.so]`;
    /// `;` (the folded format's separator) inside a C++ symbol becomes `,`.
    static func frameName(_ frame: String) -> String {
        var rest = frame.drop { $0 != " " }.drop { $0 == " " }
        var dso = ""
        if let open = rest.lastIndex(of: "("), rest.hasSuffix(")") {
            dso = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
            rest = rest[..<open]
        }
        var symbol = rest.trimmingCharacters(in: .whitespaces)
        if let plus = symbol.range(of: "+0x", options: .backwards) { symbol = String(symbol[..<plus.lowerBound]) }
        if symbol.isEmpty || symbol == "[unknown]" {
            let library = dso.split(separator: "/").last.map(String.init) ?? ""
            return library.isEmpty || library == "[unknown]" ? "[unknown]" : "[\(library)]"
        }
        return symbol.replacingOccurrences(of: ";", with: ",")
    }

    /// Counts that do not fit a 64-bit total: the file is not a profile anyone recorded.
    public struct CountOverflow: Error, CustomStringConvertible {
        /// 1-based line where the count, or the running total, stopped fitting.
        public let line: Int
        public var description: String {
            "line \(line): the sample counts exceed \(Int.max), the largest total a flame graph can hold"
        }
    }

    /// Parses folded text (`a;b;c 12` per line, the count a non-negative decimal); malformed lines
    /// are skipped. Throws when a count, or the total of all counts, does not fit in an `Int`.
    public init(folded text: String) throws(CountOverflow) {
        var total = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let space = line.lastIndex(of: " ") else { continue }
            let digits = line[line.index(after: space)...]
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            guard let count = Int(digits) else { throw CountOverflow(line: index + 1) }
            let (sum, overflow) = total.addingReportingOverflow(count)
            guard !overflow else { throw CountOverflow(line: index + 1) }
            total = sum
            // Cannot overflow: every stack's count is at most `total`.
            counts[line[..<space].split(separator: ";", omittingEmptySubsequences: false).map(String.init), default: 0] += count
        }
    }

    /// One line per stack, sorted.
    public var text: String {
        counts.map { ($0.key.joined(separator: ";"), $0.value) }.sorted { $0.0 < $1.0 }
            .map { "\($0.0) \($0.1)\n" }.joined()
    }

    /// Swift symbols demangled (`swift demangle --simplified`, after collapsing so that frames are
    /// not split); unchanged when the demangler is not available.
    public func demangled() -> FoldedStacks {
        guard let swift = PerfRecorder.which("swift") else { return self }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swift)
        process.arguments = ["demangle", "--simplified"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return self }
        let text = self.text
        DispatchQueue.global().async {
            input.fileHandleForWriting.write(Data(text.utf8))
            try? input.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return self }
        // Demangling changes no count, so the total still fits.
        return (try? FoldedStacks(folded: String(decoding: data, as: UTF8.self))) ?? self
    }
}
