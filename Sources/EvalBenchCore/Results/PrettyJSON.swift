/// JSON text byte for byte as `ResultJSON` (Foundation's `JSONEncoder`: pretty-printed, sorted keys, slashes unescaped)
/// writes it: two-space indents, `" : "` after keys, keys in UTF-8 byte order, numbers as their `description` without a
/// trailing ".0", Foundation's string escapes, no final newline. Written straight from the values: the detail files
/// hold tens of thousands of numbers, which Codable's containers encode several times slower.
struct PrettyJSON {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Where the value being written sits, for the error about a number JSON cannot hold.
    private var path: [Step] = []

    private static let keySeparator = Array(" : ".utf8), itemSeparator = Array(",\n".utf8)

    private enum Step {
        case key(String), index(Int)
        var name: String {
            switch self {
            case .key(let key): key
            case .index(let index): "Index \(index)"
            }
        }
    }

    /// A finite number; NaN and infinity are refused, as `JSONEncoder` refuses them.
    mutating func number(_ value: Double) throws {
        guard value.isFinite else { throw EvalBenchError("cannot write \(value) at '\(path.map(\.name).joined(separator: "."))' as JSON") }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes += text.utf8
    }

    mutating func number(_ value: Int) { bytes += value.description.utf8 }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case 0x08: bytes += Array(#"\b"#.utf8)
            case 0x0c: bytes += Array(#"\f"#.utf8)
            case 0x0a: bytes += Array(#"\n"#.utf8)
            case 0x0d: bytes += Array(#"\r"#.utf8)
            case 0x09: bytes += Array(#"\t"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array of `elements`, each written by `element`.
    mutating func array<Elements: Collection>(_ elements: Elements, _ element: (inout PrettyJSON, Elements.Element) throws -> Void) rethrows {
        try container("[", "]", elements.enumerated()) { json, item in
            json.path.append(.index(item.offset))
            try element(&json, item.element)
        }
    }

    /// An object of `members` in key order, each value written by `value`.
    mutating func object<Value>(_ members: [String: Value], _ value: (inout PrettyJSON, Value) throws -> Void) rethrows {
        try container("{", "}", members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) { json, member in
            json.path.append(.key(member.key))
            json.string(member.key)
            json.bytes += Self.keySeparator
            try value(&json, member.value)
        }
    }

    /// `open`, each item on its own line one level in, then `close` on a line of its own (an empty line between them
    /// when there are no items).
    private mutating func container<Items: Sequence>(_ open: Character, _ close: Character, _ items: Items,
                                                     _ item: (inout PrettyJSON, Items.Element) throws -> Void) rethrows {
        bytes.append(open.asciiValue!)
        bytes.append(UInt8(ascii: "\n"))
        depth += 1
        var first = true
        for element in items {
            if !first { bytes += Self.itemSeparator }
            first = false
            indent()
            try item(&self, element)
            path.removeLast()
        }
        bytes.append(UInt8(ascii: "\n"))
        depth -= 1
        indent()
        bytes.append(close.asciiValue!)
    }

    private mutating func indent() { bytes += repeatElement(UInt8(ascii: " "), count: 2 * depth) }
}
