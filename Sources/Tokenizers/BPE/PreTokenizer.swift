/// A tokenizer.json `pre_tokenizer`: how a piece of normalised text is cut into the words that BPE merges within.
indirect enum PreTokenizer: Decodable {
    /// GPT-2's: optionally a space before each piece and the GPT-2 regex, then every byte as a printable character.
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    case split(SplitPattern, SplitBehavior, invert: Bool)
    /// Digits apart from the rest: each on its own, or runs of them.
    case digits(individual: Bool)
    case sequence([PreTokenizer])

    private enum Key: String, CodingKey { case type, add_prefix_space, use_regex, pattern, behavior, invert, individual_digits, pretokenizers }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ByteLevel":
            self = .byteLevel(addPrefixSpace: try c.decodeIfPresent(Bool.self, forKey: .add_prefix_space) ?? true,
                              useRegex: try c.decodeIfPresent(Bool.self, forKey: .use_regex) ?? true)
        case "Split":
            self = .split(try c.decode(SplitPattern.self, forKey: .pattern), try c.decode(SplitBehavior.self, forKey: .behavior),
                          invert: try c.decodeIfPresent(Bool.self, forKey: .invert) ?? false)
        case "Digits": self = .digits(individual: try c.decodeIfPresent(Bool.self, forKey: .individual_digits) ?? false)
        case "Sequence": self = .sequence(try c.decode([PreTokenizer].self, forKey: .pretokenizers))
        default:
            throw UnsupportedField(decoder, nil, "type '\(type)' is not supported (ByteLevel, Split, Digits, Sequence are)")
        }
    }

    /// The words of `pieces`, in order, without empty ones.
    func split(_ pieces: [String]) -> [String] {
        switch self {
        case .sequence(let steps):
            return steps.reduce(pieces) { $1.split($0) }
        case .byteLevel(let addPrefixSpace, let useRegex):
            return pieces.flatMap { piece -> [String] in
                let spaced = addPrefixSpace && piece.utf8.first != 0x20 ? " " + piece : piece
                let words = useRegex ? Self.cut(spaced, WellKnownPattern.gpt2.matches(in: spaced)) : [spaced]
                return words.map(ByteLevelAlphabet.map)
            }
        case .split(let pattern, let behavior, let invert):
            return pieces.flatMap { piece in
                let matches = pattern.matches(in: piece).map { ($0.range, $0.isMatch != invert) }
                return Self.cut(piece, behavior.pieces(matches))
            }
        case .digits(let individual):
            return pieces.flatMap { piece in Self.cut(piece, (individual ? SplitBehavior.isolated : .contiguous).pieces(Self.numerals(in: piece))) }
        }
    }

    private static func cut(_ text: String, _ ranges: [Range<Int>]) -> [String] {
        ranges.compactMap { $0.isEmpty ? nil : text.utf8Slice($0) }
    }

    /// tokenizers' matches for `char::is_numeric` (Nd, Nl, No): each numeral alone, the text between them as one piece.
    private static func numerals(in text: String) -> [(range: Range<Int>, isMatch: Bool)] {
        guard !text.isEmpty else { return [(0..<0, false)] }
        let scalars = ScalarsWithOffsets(text)
        var pieces: [(range: Range<Int>, isMatch: Bool)] = []
        var pieceStart = 0
        for (i, value) in scalars.values.enumerated() where ScalarClass(value) == .number {
            let start = scalars.offsets[i], end = scalars.offsets[i + 1]
            if pieceStart < start { pieces.append((pieceStart..<start, false)) }
            pieces.append((start..<end, true))
            pieceStart = end
        }
        if pieceStart < scalars.offsets.last! { pieces.append((pieceStart..<scalars.offsets.last!, false)) }
        return pieces
    }
}
