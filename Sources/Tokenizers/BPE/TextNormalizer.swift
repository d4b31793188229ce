import Foundation

/// A tokenizer.json `normalizer`: Unicode normal forms, lowercasing, stripping, prepending, replacing, or a sequence.
indirect enum TextNormalizer: Decodable {
    case nfc, nfd, nfkc, nfkd, lowercase
    case strip(left: Bool, right: Bool)
    case prepend(String)
    case replace(SplitPattern, with: String)
    case sequence([TextNormalizer])

    private enum Key: String, CodingKey { case type, strip_left, strip_right, prepend, pattern, content, normalizers }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "NFC": self = .nfc
        case "NFD": self = .nfd
        case "NFKC": self = .nfkc
        case "NFKD": self = .nfkd
        case "Lowercase": self = .lowercase
        case "Strip":
            self = .strip(left: try c.decodeIfPresent(Bool.self, forKey: .strip_left) ?? true,
                          right: try c.decodeIfPresent(Bool.self, forKey: .strip_right) ?? true)
        case "Prepend": self = .prepend(try c.decode(String.self, forKey: .prepend))
        case "Replace": self = .replace(try c.decode(SplitPattern.self, forKey: .pattern), with: try c.decode(String.self, forKey: .content))
        case "Sequence": self = .sequence(try c.decode([TextNormalizer].self, forKey: .normalizers))
        default:
            throw UnsupportedField(decoder, nil, "type '\(type)' is not supported (NFC, NFD, NFKC, NFKD, Lowercase, Strip, Prepend, Replace, Sequence are)")
        }
    }

    func normalize(_ text: String) -> String {
        switch self {
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
        case .lowercase:
            // Swift's lowercased() maps scalar by scalar (no final-sigma rule), as Rust's char::to_lowercase does; the
            // "mixed" fixture's "ΣΊΣΥΦΟΣ İstanbul" checks it.
            return text.lowercased()
        case .strip(let left, let right):
            let scalars = text.unicodeScalars
            var start = scalars.startIndex, end = scalars.endIndex
            if left { while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) } }
            if right {
                while start < end, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
            }
            return String(scalars[start..<end])
        case .prepend(let prefix): return text.isEmpty ? text : prefix + text
        case .replace(let pattern, let content):
            var result = ""
            for (range, isMatch) in pattern.matches(in: text) { result += isMatch ? content : text.utf8Slice(range) }
            return result
        case .sequence(let steps): return steps.reduce(text) { $1.normalize($0) }
        }
    }
}
