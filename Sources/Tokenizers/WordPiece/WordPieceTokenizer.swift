import Foundation

/// BERT's WordPiece tokenizer: normalise, split into words, then greedy longest-match sub-words with
/// `##` continuations; a word longer than `maxInputCharsPerWord` or with no match becomes `[UNK]`.
/// Special tokens that appear literally in the text (such as `[SEP]`) are kept whole, as the Hugging
/// Face tokenizer does with its added tokens.
public struct WordPieceTokenizer: Tokenizer {
    let vocab: [String: Int32]
    let normalizer: BertNormalizer
    let unknownID: Int32
    let continuingPrefix: String
    let maxInputCharsPerWord: Int
    let prefixIDs: [Int32]
    let suffixIDs: [Int32]
    let addedTokens: [(text: String, id: Int32)]
    public let paddingID: Int32

    init(
        vocab: [String: Int32], normalizer: BertNormalizer, unknownToken: String, continuingPrefix: String = "##",
        maxInputCharsPerWord: Int = 100, prefixIDs: [Int32], suffixIDs: [Int32],
        addedTokens: [(String, Int32)], paddingID: Int32
    ) throws {
        guard let unknownID = vocab[unknownToken] else {
            throw TokenizerError("the vocabulary has no unknown token '\(unknownToken)'")
        }
        self.vocab = vocab
        self.normalizer = normalizer
        self.unknownID = unknownID
        self.continuingPrefix = continuingPrefix
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.prefixIDs = prefixIDs
        self.suffixIDs = suffixIDs
        self.addedTokens = addedTokens.sorted { $0.0.count > $1.0.count }.map { (text: $0.0, id: $0.1) }
        self.paddingID = paddingID
    }

    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        let budget = max(0, maxLength - prefixIDs.count - suffixIDs.count)
        var ids: [Int32] = []
        for segment in splitOnAddedTokens(text) {
            switch segment {
            case .added(let id): ids.append(id)
            case .text(let piece): appendWordPieces(of: piece, to: &ids)
            }
            if ids.count >= budget { break }
        }
        return prefixIDs + ids.prefix(budget) + suffixIDs
    }

    /// The word pieces of one piece of ordinary text.
    func appendWordPieces(of text: Substring, to ids: inout [Int32]) {
        for word in BertPreTokenizer.split(normalizer.normalize(String(text))) {
            appendWordPieces(ofWord: Array(word), to: &ids)
        }
    }

    func appendWordPieces(ofWord word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > maxInputCharsPerWord { ids.append(unknownID); return }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int32?
            while start < end {
                var candidate = String(String.UnicodeScalarView(word[start..<end]))
                if start > 0 { candidate = continuingPrefix + candidate }
                if let id = vocab[candidate] { match = id; break }
                end -= 1
            }
            guard let id = match else { ids.append(unknownID); return }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }

    enum Segment { case text(Substring), added(Int32) }

    /// Splits the raw text around literal occurrences of added (special) tokens, longest first.
    func splitOnAddedTokens(_ text: String) -> [Segment] {
        guard !addedTokens.isEmpty else { return [.text(text[...])] }
        var segments: [Segment] = []
        var rest = text[...]
        while !rest.isEmpty {
            var earliest: (range: Range<Substring.Index>, id: Int32)?
            for token in addedTokens {
                if let range = rest.range(of: token.text),
                   earliest == nil || range.lowerBound < earliest!.range.lowerBound {
                    earliest = (range, token.id)
                }
            }
            guard let hit = earliest else { segments.append(.text(rest)); break }
            if hit.range.lowerBound > rest.startIndex { segments.append(.text(rest[..<hit.range.lowerBound])) }
            segments.append(.added(hit.id))
            rest = rest[hit.range.upperBound...]
        }
        return segments
    }
}
