/// tokenizers' `AddedVocabulary`: the added tokens found in a text and kept whole, each with its id. Tokens with
/// `normalized: false` are found in the raw text; the others in the normalised text, in their normalised form.
struct AddedVocabulary {
    struct Token {
        let bytes: [UInt8]
        let id: Int32
        let lstrip: Bool, rstrip: Bool, singleWord: Bool

        /// tokenizer.json's entry, matched as `content` (its normalised form, for a normalised token) and given `id`.
        init(_ token: AddedToken, content: String, id: Int32) {
            bytes = Array(content.utf8)
            self.id = id
            (lstrip, rstrip, singleWord) = (token.lstrip ?? false, token.rstrip ?? false, token.single_word ?? false)
        }
    }

    enum Segment { case text(String), added(Int32) }

    /// Tokens by their first byte, longest first, so that the first one found at a position is the leftmost-longest
    /// match an Aho-Corasick automaton would report.
    private let byFirstByte: [UInt8: [Token]]

    init(_ tokens: [Token]) {
        var byFirstByte: [UInt8: [Token]] = [:]
        for token in tokens where !token.bytes.isEmpty { byFirstByte[token.bytes[0], default: []].append(token) }
        self.byFirstByte = byFirstByte.mapValues { $0.sorted { $0.bytes.count > $1.bytes.count } }
    }

    var isEmpty: Bool { byFirstByte.isEmpty }

    /// `text` cut at each added token, as tokenizers' `find_matches` cuts it (single-word tokens inside a word are left
    /// as text; `lstrip` / `rstrip` tokens take the whitespace beside them). Empty text pieces are dropped.
    func split(_ text: String) -> [Segment] {
        guard !isEmpty, !text.isEmpty else { return text.isEmpty ? [] : [.text(text)] }
        let bytes = Array(text.utf8)
        var segments: [Segment] = []
        var pieceStart = 0, position = 0
        func addText(_ range: Range<Int>) {
            if !range.isEmpty { segments.append(.text(String(decoding: bytes[range], as: UTF8.self))) }
        }
        while position < bytes.count {
            guard let token = byFirstByte[bytes[position]]?.first(where: { bytes[position...].starts(with: $0.bytes) }) else {
                position += 1
                continue
            }
            var start = position, stop = position + token.bytes.count
            position = stop
            if token.singleWord, Self.wordCharacterBefore(start, bytes) || Self.wordCharacterAfter(stop, bytes) { continue }
            if token.lstrip { start = max(Self.whitespaceStart(before: start, bytes), pieceStart) }
            if token.rstrip { stop = Self.whitespaceEnd(after: stop, bytes) }
            if pieceStart < start { addText(pieceStart..<start) }
            segments.append(.added(token.id))
            pieceStart = max(pieceStart, stop)
        }
        addText(pieceStart..<bytes.count)
        return segments
    }

    /// Rust regex's Unicode `\w`: alphabetic, marks, decimal digits, connector punctuation, join controls.
    private static func isWordCharacter(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        let p = scalar.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    private static func wordCharacterBefore(_ end: Int, _ bytes: [UInt8]) -> Bool {
        end > 0 && isWordCharacter(decodeUTF8(bytes, before: end).value)
    }

    private static func wordCharacterAfter(_ start: Int, _ bytes: [UInt8]) -> Bool {
        start < bytes.count && isWordCharacter(decodeUTF8(bytes, at: start).value)
    }

    /// Where the whitespace that ends at `end` begins.
    private static func whitespaceStart(before end: Int, _ bytes: [UInt8]) -> Int {
        var start = end
        while start > 0 {
            let previous = decodeUTF8(bytes, before: start)
            guard ScalarClass(previous.value) == .space else { break }
            start = previous.start
        }
        return start
    }

    /// Where the whitespace that starts at `start` ends.
    private static func whitespaceEnd(after start: Int, _ bytes: [UInt8]) -> Int {
        var end = start
        while end < bytes.count {
            let next = decodeUTF8(bytes, at: end)
            guard ScalarClass(next.value) == .space else { break }
            end += next.length
        }
        return end
    }
}
