import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import GateBench

/// `perf script` output of three samples (trimmed from a real `perf record --call-graph dwarf` of bench).
let perfScriptFixture = """
    bench 32058  6329.480567:   10101010 cpu-clock: 
    \t          4b9e2e swift_conformsToProtocolMaybeInstantiateSuperclasses+0x6fe (/opt/swift/usr/lib/swift/linux/libswiftCore.so)
    \t           a254c $s14ArgumentParser15ParsableCommandPAAE12_commandNameSSvgZ+0x5c (/work/main/.build/release/bench)
    \t           71e5f swift::runJobInEstablishedExecutorContext+0x16f (/opt/swift/usr/lib/swift/linux/libswift_Concurrency.so)

    bench 32058  6329.490567:   10101010 cpu-clock: 
    \t          4b9e2e swift_conformsToProtocolMaybeInstantiateSuperclasses+0x6fe (/opt/swift/usr/lib/swift/linux/libswiftCore.so)
    \t           a254c $s14ArgumentParser15ParsableCommandPAAE12_commandNameSSvgZ+0x5c (/work/main/.build/release/bench)
    \t           71e5f swift::runJobInEstablishedExecutorContext+0x16f (/opt/swift/usr/lib/swift/linux/libswift_Concurrency.so)

    oot.default-qos 32060  6329.500567:   10101010 cpu-clock: 
    \t            2a90 [unknown] (/usr/lib/x86_64-linux-gnu/libsqlite3.so.0.8.6)
    \t            1234 operator()((anonymous namespace)::Section const&) const::{lambda(int;int)#1}+0x2e (/opt/lib.so)
    \t        a790a790 [unknown] ([unknown])

    """

struct FoldedStacksTests {
    @Test func collapsesPerfScriptRootFirst() {
        let stacks = FoldedStacks(perfScript: perfScriptFixture)
        #expect(stacks.total == 3)
        #expect(stacks.text == """
            bench;swift::runJobInEstablishedExecutorContext;$s14ArgumentParser15ParsableCommandPAAE12_commandNameSSvgZ;\
            swift_conformsToProtocolMaybeInstantiateSuperclasses 2
            oot.default-qos;[unknown];operator()((anonymous namespace)::Section const&) const::{lambda(int,int)#1};\
            [libsqlite3.so.0.8.6] 1

            """)
    }

    @Test func foldedTextRoundTrips() throws {
        let stacks = FoldedStacks(perfScript: perfScriptFixture)
        #expect(try FoldedStacks(folded: stacks.text) == stacks)
        #expect(try FoldedStacks(folded: "not folded\na;b x\na;c -5\na;d +5\n").total == 0)
    }

    @Test func countsThatOverflowAreAnErrorNotATrap() throws {
        #expect(throws: FoldedStacks.CountOverflow.self) { try FoldedStacks(folded: "a;b 99999999999999999999\n") }
        do {
            _ = try FoldedStacks(folded: "a;b 1\na;c \(Int.max)\n")
            Issue.record("a total past Int.max was accepted")
        } catch {
            #expect(error.line == 2)
        }
        let largest = try FoldedStacks(folded: "a;b \(Int.max - 1)\na;c 1\n")
        #expect(largest.total == Int.max)
        // A differential graph against it rescales without trapping.
        let small = try FoldedStacks(folded: "a;b 1\na;c 2\n")
        _ = FlameGraph(title: "t", before: small, after: largest).svg
        _ = FlameGraph(title: "t", before: largest, after: small).svg
    }

    @Test(.enabled(if: PerfRecorder.which("swift") != nil, "needs `swift demangle` (the Swift toolchain) on PATH"))
    func demanglesAfterCollapsing() {
        let demangled = FoldedStacks(perfScript: perfScriptFixture).demangled()
        #expect(demangled.total == 3)
        #expect(demangled.text.contains("static ParsableCommand._commandName.getter"))
        #expect(!demangled.text.contains("$s14ArgumentParser"))
    }
}

struct FlameGraphTests {
    /// The frames of an SVG: name, width, sample count.
    final class Frames: NSObject, XMLParserDelegate {
        var frames: [(name: String, width: Double, count: Int)] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            guard name == "g", attributes["class"] == "f" else { return }
            frames.append((attributes["data-n"] ?? "", Double(attributes["data-w"] ?? "") ?? -1, Int(attributes["data-c"] ?? "") ?? -1))
        }
    }

    func parse(_ svg: String) throws -> [(name: String, width: Double, count: Int)] {
        let parser = XMLParser(data: Data(svg.utf8))
        let frames = Frames()
        parser.delegate = frames
        #expect(parser.parse(), "the SVG must be well-formed XML: \(String(describing: parser.parserError))")
        return frames.frames
    }

    @Test func svgIsWellFormedAndWidthsFollowTheSampleCounts() throws {
        let stacks = try FoldedStacks(folded: "main;a;b 6\nmain;a;c 3\nmain;d 1\nother;x&<y> 2\n")
        let frames = try parse(FlameGraph(title: "test <&>", stacks: stacks).svg)
        let root = try #require(frames.first)
        #expect(root.name == "all" && root.count == 12 && root.width == 1_200)
        for frame in frames {
            #expect(abs(frame.width - Double(frame.count) / 12 * 1_200) < 0.01, "\(frame.name)")
        }
        let counts = Dictionary(frames.map { ($0.name, $0.count) }, uniquingKeysWith: +)
        #expect(counts["main"] == 10 && counts["a"] == 9 && counts["b"] == 6 && counts["x&<y>"] == 2)
        #expect(frames.filter { ["main", "other"].contains($0.name) }.map(\.width).reduce(0, +) == 1_200)
    }

    @Test func differentialGraphColoursGrowthAndShrink() throws {
        let before = try FoldedStacks(folded: "main;fast 5\nmain;slow 5\n")
        let after = try FoldedStacks(folded: "main;fast 2\nmain;slow 8\n")
        let svg = FlameGraph(title: "diff", before: before, after: after).svg
        let frames = try parse(svg)
        #expect(frames.first?.count == 10)
        #expect(svg.contains("slow (8 samples, 80.00%, +30.00 points)"))
        #expect(svg.contains("fast (2 samples, 20.00%, -30.00 points)"))
        // growth is red (full red channel), shrink blue (full blue channel).
        #expect(svg.range(of: #"slow \(8 samples[^<]*</title><rect [^>]*fill="rgb\(255,"#, options: .regularExpression) != nil)
        #expect(svg.range(of: #"fast \(2 samples[^<]*</title><rect [^>]*fill="rgb\(\d+,\d+,255\)""#, options: .regularExpression) != nil)
    }
}
