/// Deterministic names, descriptions and JSON input schemas for generated tools.
///
/// Sizes follow docs/workloads.md: a description of ~100–300 bytes, a schema of ~200–1,000 bytes.
enum TextGenerator {
    static let verbs = [
        "search", "list", "create", "update", "delete", "fetch", "sync", "export", "import", "resolve",
        "summarize", "translate", "validate", "schedule", "notify", "archive", "approve", "query",
    ]
    static let nouns = [
        "invoices", "tickets", "customers", "orders", "repos", "issues", "events", "files", "reports",
        "metrics", "alerts", "users", "payments", "contracts", "shipments", "messages", "builds", "secrets",
    ]
    static let words = [
        "the", "tool", "returns", "matching", "records", "from", "upstream", "service", "with", "pagination",
        "and", "filters", "for", "tenant", "scoped", "access", "using", "cached", "results", "when", "available",
        "optional", "fields", "are", "ignored", "by", "default", "each", "request", "is", "audited",
    ]
    static let fieldTypes = ["string", "integer", "boolean", "number"]

    /// `verb_noun_index`, unique for distinct indexes.
    static func toolName(index: Int, _ generator: inout SplitMix64) -> String {
        "\(verbs[generator.next(below: verbs.count)])_\(nouns[generator.next(below: nouns.count)])_\(index)"
    }

    /// A sentence-like description of 100–300 bytes.
    static func description(_ generator: inout SplitMix64) -> String {
        let target = 100 + generator.next(below: 201)
        var text = "Tool that"
        while text.utf8.count < target {
            text += " " + words[generator.next(below: words.count)]
        }
        return String(text.utf8.prefix(target - 1))! + "."
    }

    /// A JSON Schema object of 200–1,000 bytes with typed, described properties.
    static func inputSchema(_ generator: inout SplitMix64) -> String {
        let target = 200 + generator.next(below: 801)
        var properties: [String] = []
        var required: [String] = []
        func render() -> String {
            "{\"type\":\"object\",\"properties\":{\(properties.joined(separator: ","))},"
                + "\"required\":[\(required.joined(separator: ","))]}"
        }
        var schema = render()
        while schema.utf8.count < target {
            let name = "\(nouns[generator.next(below: nouns.count)])_\(properties.count)"
            let type = fieldTypes[generator.next(below: fieldTypes.count)]
            let text = (0..<(2 + generator.next(below: 6))).map { _ in words[generator.next(below: words.count)] }
                .joined(separator: " ")
            properties.append("\"\(name)\":{\"type\":\"\(type)\",\"description\":\"\(text)\"}")
            let isRequired = generator.next(below: 2) == 0
            if isRequired { required.append("\"\(name)\"") }
            schema = render()
            if schema.utf8.count > 1_000 {
                properties.removeLast()
                if isRequired { required.removeLast() }
                schema = render()
                break
            }
        }
        return schema
    }
}

/// The gateway's slug rule: lowercase ASCII letters and digits; every other run becomes one "-",
/// with none at either end (`"GitHub Tools!" → "github-tools"`, `"search_issues" → "search-issues"`).
public func slugify(_ text: String) -> String {
    slugify(text, after: nil)
}

/// A tool's name: `gatewaySlug + "-" + slugify(originalName)`, built in one allocation. Federation
/// names 50,000 tools per aggregate, and the concatenation allocated a byte buffer and three
/// strings for each.
public func toolName(gatewaySlug: String, originalName: String) -> String {
    slugify(originalName, after: gatewaySlug)
}

/// `slugify(text)`, after `prefix` and a "-" when there is a prefix, written straight into the
/// string's storage (a slug is never longer than its text).
private func slugify(_ text: String, after prefix: String?) -> String {
    var text = text, prefixText = prefix ?? ""
    let prefixCount = prefix == nil ? 0 : prefixText.utf8.count + 1
    return String(unsafeUninitializedCapacity: prefixCount + text.utf8.count) { buffer in
        var count = 0
        if prefix != nil {
            prefixText.withUTF8 { bytes in
                for byte in bytes {
                    buffer[count] = byte
                    count += 1
                }
            }
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        let slugStart = count
        var pendingDash = false
        text.withUTF8 { bytes in
            for byte in bytes {
                let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
                if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lower) {
                    if pendingDash && count > slugStart {
                        buffer[count] = UInt8(ascii: "-")
                        count += 1
                    }
                    pendingDash = false
                    buffer[count] = lower
                    count += 1
                } else {
                    pendingDash = true
                }
            }
        }
        return count
    }
}
