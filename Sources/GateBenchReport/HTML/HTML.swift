/// The report page's frame: escaping, its one stylesheet and its one script, all inline.
enum HTML {
    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A table with a header row; cells are escaped unless `raw` marks the column as HTML.
    static func table(_ header: [String], _ rows: [[String]], raw: Set<Int> = [], numeric: Bool = true) -> String {
        let head = header.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { index, cell in
                let content = raw.contains(index) ? cell : escape(cell)
                return index == 0 || !numeric ? "<td class=\"name\">\(content)</td>" : "<td>\(content)</td>"
            }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<table><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }

    /// A whole page: title, navigation and sections.
    static func page(title: String, navigation: [(id: String, label: String)], body: String) -> String {
        let links = navigation.map { "<a href=\"#\(escape($0.id))\">\(escape($0.label))</a>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header><h1>\(escape(title))</h1>
            <nav>\(links)</nav>
            <input id="filter" type="search" placeholder="filter benchmarks…" aria-label="filter benchmarks"></header>
            <main>
            \(body)
            </main>
            <script>\(script)</script>
            </body>
            </html>

            """
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{position:sticky;top:0;background:#1d2330;color:#fff;padding:8px 20px;display:flex;gap:18px;align-items:center;flex-wrap:wrap;z-index:1}
        header h1{font-size:17px;margin:0}nav a{color:#bcd3ff;margin-right:12px;text-decoration:none}
        #filter{margin-left:auto;padding:3px 8px;border-radius:4px;border:0;min-width:220px}
        main{padding:10px 20px 40px;max-width:1400px}
        section{overflow-x:auto;background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:12px 18px;margin:14px 0}
        h2{font-size:16px;margin:4px 0 8px}h3{font-size:14px;margin:14px 0 6px}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:6px 0 10px;font-size:13px}
        th,td{padding:3px 9px;border-bottom:1px solid #eceef2;text-align:right;white-space:nowrap}
        th{background:#f0f2f6;font-weight:600}td.name,th:first-child{text-align:left}
        .charts{display:flex;flex-wrap:wrap;gap:10px}.chart{width:640px;max-width:100%;height:auto;background:#fff}
        .chart text{font-size:11px;fill:#3b4252}.chart .title{font-size:13px;font-weight:600}
        .chart .tick{text-anchor:middle}.chart .end{text-anchor:end}.chart .label{text-anchor:middle;font-size:12px}
        .chart .mark{text-anchor:middle;font-size:11px}.chart .legend{font-size:11px}
        .grid{stroke:#eceef2}.frame{fill:none;stroke:#aab1bf}
        .slower{color:#b3261e;font-weight:600}.faster{color:#1b7f3b;font-weight:600}.inconclusive{color:#8a6d00}
        .unchanged{color:#5b6472}.new,.removed{color:#5b6472;font-style:italic}
        .note{color:#5b6472;font-size:13px}.warn{color:#b3261e}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:13px}dt{color:#5b6472}dd{margin:0}
        details>summary{cursor:pointer;color:#30518f}.hidden{display:none}
        """

    /// Filters benchmark blocks by name as the user types; the page works without it.
    static let script = """
        document.getElementById('filter').addEventListener('input', function (event) {
          var text = event.target.value.toLowerCase();
          document.querySelectorAll('[data-benchmark]').forEach(function (element) {
            element.classList.toggle('hidden', text !== '' && element.dataset.benchmark.toLowerCase().indexOf(text) < 0);
          });
        });
        """
}
