/// BERT's text normalisation, as Hugging Face tokenizers' `BertNormalizer` does it, in this order:
/// clean text (drop NUL, U+FFFD and control characters; whitespace becomes a space), put spaces
/// around CJK ideographs, strip accents (NFD, then drop non-spacing marks), lower-case.
struct BertNormalizer: Sendable {
    var cleanText = true
    var handleChineseChars = true
    var stripAccents = true
    var lowercase = true

    func normalize(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
                if Self.isWhitespace(scalar) { scalars.append(" "); continue }
            }
            if handleChineseChars && Self.isChinese(scalar) {
                scalars.append(" "); scalars.append(scalar); scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        if stripAccents { scalars = Self.decomposedWithoutMarks(scalars) }
        if lowercase {
            scalars = scalars.flatMap { $0.properties.lowercaseMapping.unicodeScalars }
        }
        return scalars
    }

    /// NFD with the non-spacing marks dropped, a few thousand scalars at a time: Foundation's decomposition of one
    /// long string takes time that grows faster than its length (a 512 KB line took seconds). The cuts fall before a
    /// scalar of canonical combining class 0, where canonical reordering cannot reach across, so the result is the
    /// decomposition of the whole.
    static func decomposedWithoutMarks(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var start = 0
        while start < scalars.count {
            var end = min(start + 4096, scalars.count)
            while end < scalars.count && scalars[end].properties.canonicalCombiningClass != .notReordered { end += 1 }
            var chunk = String.UnicodeScalarView()
            chunk.append(contentsOf: scalars[start..<end])
            out += String(chunk).decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
            start = end
        }
        return out
    }

    /// Tab, newline and carriage return count as whitespace, as does every White_Space scalar.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    /// The "other" categories the Hugging Face tokenizer removes (Cc, Cf, Co) except tab, newline and
    /// carriage return. Unassigned code points (Cn, e.g. the noncharacter U+FDD0) are kept, as it keeps
    /// them: they become [UNK].
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .privateUse: return true
        default: return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT treats as single-character words.
    static func isChinese(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
