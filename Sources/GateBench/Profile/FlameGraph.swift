/// An interactive SVG flame graph of folded stacks (tooltips, click to zoom, search), or a
/// differential one: widths from the second profile, colour by growth (red) or shrink (blue).
public struct FlameGraph: Sendable {
    struct Node {
        var name: String
        var count = 0
        var baselineCount = 0
        var children: [String: Int] = [:]
        var childOrder: [Int] = []
    }

    let title: String
    let width = 1_200.0
    let frameHeight = 17.0
    private var nodes = [Node(name: "all")]
    private let isDifferential: Bool

    /// The flame graph of `stacks`.
    public init(title: String, stacks: FoldedStacks) {
        self.title = title
        isDifferential = false
        for (stack, count) in stacks.counts { add(stack, count: count, baseline: false) }
    }

    /// The differential flame graph from `before` to `after`.
    public init(title: String, before: FoldedStacks, after: FoldedStacks) {
        self.title = title
        isDifferential = true
        for (stack, count) in after.counts { add(stack, count: count, baseline: false) }
        // Normalize the baseline to the same total so the colours show shares, not sample counts.
        let scale = before.total > 0 ? Double(after.total) / Double(before.total) : 1
        for (stack, count) in before.counts { add(stack, count: Int(min((Double(count) * scale).rounded(), 9.0e18)), baseline: true) }
    }

    private mutating func add(_ stack: [String], count: Int, baseline: Bool) {
        var index = 0
        // Counts sum to at most the stacks' total, which `FoldedStacks` keeps within `Int`; the
        // rescaled baseline may round past it by a few, so it saturates.
        if baseline { nodes[0].baselineCount = saturatingSum(nodes[0].baselineCount, count) } else { nodes[0].count += count }
        for frame in stack {
            let child: Int
            if let existing = nodes[index].children[frame] {
                child = existing
            } else {
                child = nodes.count
                nodes.append(Node(name: frame))
                nodes[index].children[frame] = child
                nodes[index].childOrder.append(child)
            }
            if baseline { nodes[child].baselineCount = saturatingSum(nodes[child].baselineCount, count) } else { nodes[child].count += count }
            index = child
        }
    }

    /// The SVG document.
    public var svg: String {
        var placed: [(node: Int, x: Double, w: Double, depth: Int)] = []
        let total = Double(max(nodes[0].count, 1))
        func place(_ index: Int, x: Double, depth: Int) {
            let node = nodes[index]
            let w = Double(node.count) / total * width
            guard w >= 0.1 || index == 0 else { return }
            placed.append((index, x, w, depth))
            var childX = x
            for child in node.childOrder.sorted(by: { nodes[$0].name < nodes[$1].name }) {
                place(child, x: childX, depth: depth + 1)
                childX += Double(nodes[child].count) / total * width
            }
        }
        place(0, x: 0, depth: 0)
        let height = Double((placed.map(\.depth).max() ?? 0) + 1) * frameHeight + 60
        let body = placed.map { item in
            frame(nodes[item.node], x: item.x, w: item.w, y: height - 40 - Double(item.depth + 1) * frameHeight, total: total)
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" standalone="no"?>
            <svg version="1.1" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
            xmlns="http://www.w3.org/2000/svg" onload="init(evt)">
            <style>text { font: 12px monospace; fill: #000; pointer-events: none } rect { stroke: #fff; stroke-width: 0.5 } \
            .hidden { display: none } #details, #matched { font: 12px monospace }</style>
            <rect x="0" y="0" width="100%" height="100%" fill="#f8f8f8"/>
            <text x="\(Int(width / 2))" y="20" text-anchor="middle" style="font-size:16px">\(escape(title))</text>
            <text id="search" x="\(Int(width) - 10)" y="20" text-anchor="end" style="pointer-events:all;cursor:pointer;fill:#555">Search</text>
            <text id="reset" x="10" y="20" style="pointer-events:all;cursor:pointer;fill:#555">Reset zoom</text>
            <text id="details" x="10" y="\(Int(height) - 8)"> </text>
            <text id="matched" x="\(Int(width) - 10)" y="\(Int(height) - 8)" text-anchor="end"> </text>
            <g id="frames">
            \(body)
            </g>
            <script type="text/ecmascript"><![CDATA[\(Self.script)]]></script>
            </svg>

            """
    }

    private func frame(_ node: Node, x: Double, w: Double, y: Double, total: Double) -> String {
        let percent = Double(node.count) / total * 100
        var info = "\(node.name) (\(node.count) samples, \(formatted(percent, decimals: 2))%"
        let fill: String
        if isDifferential {
            let before = Double(node.baselineCount), after = Double(node.count)
            let delta = (after - before) / total * 100
            info += ", \(delta >= 0 ? "+" : "")\(formatted(delta, decimals: 2)) points"
            let intensity = Int(min(abs(after - before) / max(after, before, 1), 1) * 200)
            fill = after >= before ? "rgb(255,\(255 - intensity),\(255 - intensity))" : "rgb(\(255 - intensity),\(255 - intensity),255)"
        } else {
            var hash: UInt32 = 2_166_136_261
            for byte in node.name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            fill = "rgb(\(205 + Int(hash % 50)),\(80 + Int((hash >> 8) % 130)),\(Int((hash >> 16) % 55)))"
        }
        info += ")"
        let label = w > 30 ? String(node.name.prefix(Int(w / 7.2) - 1)) : ""
        return "<g class=\"f\" data-x=\"\(format(x))\" data-w=\"\(format(w))\" data-n=\"\(escape(node.name))\" data-c=\"\(node.count)\">"
            + "<title>\(escape(info))</title><rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(w))\" "
            + "height=\"\(format(frameHeight - 1))\" fill=\"\(fill)\" rx=\"2\"/><text x=\"\(format(x + 3))\" "
            + "y=\"\(format(y + frameHeight - 5))\">\(escape(label))</text></g>"
    }

    private func format(_ value: Double) -> String { String((value * 100).rounded() / 100) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Zoom (click a frame: it fills the width; frames outside it hide), reset, search (regex; matches
    /// turn purple and the matched share of samples is shown), hover details.
    static let script = """

        var frames, details, matched, total, width = 1200;
        function init(evt) {
          frames = Array.prototype.slice.call(document.querySelectorAll('g.f'));
          details = document.getElementById('details'); matched = document.getElementById('matched');
          total = parseFloat(frames[0].getAttribute('data-c'));
          frames.forEach(function (g) {
            g.addEventListener('click', function () { zoom(g); });
            g.addEventListener('mouseover', function () { details.textContent = g.querySelector('title').textContent; });
          });
          document.getElementById('reset').addEventListener('click', function () { zoom(frames[0]); });
          document.getElementById('search').addEventListener('click', search);
        }
        function zoom(target) {
          var x0 = parseFloat(target.getAttribute('data-x')), w0 = parseFloat(target.getAttribute('data-w'));
          var y0 = parseFloat(target.querySelector('rect').getAttribute('y'));
          var scale = width / w0;
          frames.forEach(function (g) {
            var x = parseFloat(g.getAttribute('data-x')), w = parseFloat(g.getAttribute('data-w'));
            var rect = g.querySelector('rect'), text = g.querySelector('text');
            var inside = x >= x0 - 0.01 && x + w <= x0 + w0 + 0.01;
            var below = parseFloat(rect.getAttribute('y')) > y0;
            var visible = (inside || below && x <= x0 && x + w >= x0 + w0);
            g.classList.toggle('hidden', !visible);
            if (!visible) return;
            var nx = Math.max((x - x0) * scale, 0), nw = Math.min(w * scale, width);
            rect.setAttribute('x', nx); rect.setAttribute('width', nw);
            text.setAttribute('x', nx + 3);
            var name = g.getAttribute('data-n');
            text.textContent = nw > 30 ? name.substring(0, Math.floor(nw / 7.2) - 1) : '';
          });
        }
        function search() {
          var term = prompt('Search (regular expression)', '');
          if (term === null) return;
          var pattern = new RegExp(term), count = 0;
          frames.forEach(function (g) {
            var rect = g.querySelector('rect');
            if (!rect.getAttribute('data-fill')) rect.setAttribute('data-fill', rect.getAttribute('fill'));
            var hit = term !== '' && pattern.test(g.getAttribute('data-n'));
            rect.setAttribute('fill', hit ? 'rgb(230,0,230)' : rect.getAttribute('data-fill'));
            if (hit) count = Math.max(count, parseFloat(g.getAttribute('data-c')));
          });
          matched.textContent = term === '' ? ' ' : 'Matched: ' + (100 * count / total).toFixed(2) + '%';
        }

        """
}

private func saturatingSum(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? .max : sum
}
