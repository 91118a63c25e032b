/// A peer's catalogue on the wire: the MCP `tools/list` result,
/// `{"tools":[{"name":…,"description":…,"inputSchema":{…}}, …]}`.
///
/// Decoding is a single pass over the bytes that keeps `inputSchema` as raw JSON text. Foundation's
/// JSONDecoder would build and re-encode every schema tree; this scanner is what lets ~50,000 tools
/// (~40 MB) decode in tens of milliseconds. It still checks the whole document is well-formed JSON.
public enum CatalogPayload {
    /// Why a payload could not be decoded.
    public struct MalformedPayload: Error, CustomStringConvertible, Sendable, Equatable {
        public let offset: Int
        public let reason: String
        public var description: String { "malformed catalogue JSON at byte \(offset): \(reason)" }
    }

    /// The JSON text of `tools`.
    public static func render(_ tools: [PeerTool]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(tools.reduce(64) { $0 + $1.originalName.utf8.count + $1.description.utf8.count + $1.inputSchema.utf8.count + 64 })
        out.append(contentsOf: #"{"tools":["#.utf8)
        for (index, tool) in tools.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"name":"#.utf8)
            appendQuoted(tool.originalName, to: &out)
            out.append(contentsOf: #","description":"#.utf8)
            appendQuoted(tool.description, to: &out)
            out.append(contentsOf: #","inputSchema":"#.utf8)
            out.append(contentsOf: tool.inputSchema.utf8)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// The tools of a payload, in payload order.
    ///
    /// - Throws: `MalformedPayload` for anything but a well-formed object whose `tools` array holds
    ///   objects with string `name` and `description` and an object `inputSchema`.
    public static func decode(_ bytes: [UInt8]) throws(MalformedPayload) -> [PeerTool] {
        do {
            return try bytes.withUnsafeBufferPointer { buffer throws(MalformedPayload) in
                var scanner = JSONScanner(buffer)
                return try decodeDocument(&scanner)
            }
        }
    }

    private static func decodeDocument(_ scanner: inout JSONScanner) throws(MalformedPayload) -> [PeerTool] {
        var tools: [PeerTool] = []
        var sawTools = false
        try scanner.expect(UInt8(ascii: "{"))
        if try !scanner.consumeIf(UInt8(ascii: "}")) {
            repeat {
                let key = try scanner.readString()
                try scanner.expect(UInt8(ascii: ":"))
                if key == "tools" {
                    sawTools = true
                    try scanner.expect(UInt8(ascii: "["))
                    if try !scanner.consumeIf(UInt8(ascii: "]")) {
                        repeat { tools.append(try decodeTool(&scanner)) } while try scanner.consumeIf(UInt8(ascii: ","))
                        try scanner.expect(UInt8(ascii: "]"))
                    }
                } else {
                    _ = try scanner.skipValue()
                }
            } while try scanner.consumeIf(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"))
        }
        try scanner.expectEnd()
        guard sawTools else { throw MalformedPayload(offset: 0, reason: "no \"tools\" array") }
        return tools
    }

    private static func decodeTool(_ scanner: inout JSONScanner) throws(MalformedPayload) -> PeerTool {
        let start = scanner.offset
        var name: String?, description: String?, schema: String?
        try scanner.expect(UInt8(ascii: "{"))
        if try !scanner.consumeIf(UInt8(ascii: "}")) {
            repeat {
                let key = try scanner.readString()
                try scanner.expect(UInt8(ascii: ":"))
                switch key {
                case "name": name = try scanner.readString()
                case "description": description = try scanner.readString()
                case "inputSchema":
                    guard try scanner.peek() == UInt8(ascii: "{") else {
                        throw MalformedPayload(offset: scanner.offset, reason: "inputSchema is not an object")
                    }
                    schema = String(decoding: try scanner.skipValue(), as: UTF8.self)
                default: _ = try scanner.skipValue()
                }
            } while try scanner.consumeIf(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"))
        }
        guard let name, let schema else {
            throw MalformedPayload(offset: start, reason: "a tool without \"name\" or \"inputSchema\"")
        }
        return PeerTool(originalName: name, description: description ?? "", inputSchema: schema)
    }

    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
