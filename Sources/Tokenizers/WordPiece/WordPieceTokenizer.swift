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
    /// Added (special) tokens by their first UTF-8 byte, longest first.
    let addedTokens: [UInt8: [(bytes: [UInt8], id: Int32)]]
    public let paddingID: Int32
    public let largestID: Int32
    public var templateLength: Int { prefixIDs.count + suffixIDs.count }

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
        var byFirstByte: [UInt8: [(bytes: [UInt8], id: Int32)]] = [:]
        for (text, id) in addedTokens where !text.isEmpty { byFirstByte[text.utf8.first!, default: []].append((Array(text.utf8), id)) }
        self.addedTokens = byFirstByte.mapValues { $0.sorted { $0.bytes.count > $1.bytes.count } }
        self.paddingID = paddingID
        largestID = ([unknownID, paddingID] + prefixIDs + suffixIDs + vocab.values + addedTokens.map(\.1)).max()!
        if let negative = ([paddingID] + prefixIDs + suffixIDs + vocab.values + addedTokens.map(\.1)).first(where: { $0 < 0 }) {
            throw TokenizerError("the vocabulary holds the negative id \(negative)")
        }
    }

    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        let budget = max(0, maxLength - prefixIDs.count - suffixIDs.count)
        var ids: [Int32] = []
        forEachSegment(of: text) { segment in
            switch segment {
            case .added(let id): ids.append(id)
            case .text(let piece): appendWordPieces(of: piece, to: &ids)
            }
            return ids.count < budget
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

    /// Calls `body` with the pieces of ordinary text between literal occurrences of added (special) tokens and with
    /// each occurrence, in order, until `body` returns false. One pass over the UTF-8 bytes: at each position the
    /// tokens starting with that byte are tried longest first, so the earliest occurrence wins and, among those
    /// starting there, the longest (as a search for every token's first occurrence would choose).
    func forEachSegment(of text: String, _ body: (Segment) -> Bool) {
        guard !addedTokens.isEmpty else { _ = body(.text(text[...])); return }
        let utf8 = text.utf8
        // Pieces are cut on scalar boundaries (a token starts with a lead byte), not rounded to whole characters.
        func piece(_ range: Range<String.Index>) -> Segment { .text(Substring(text.unicodeScalars[range])) }
        var pieceStart = utf8.startIndex, position = utf8.startIndex
        scan: while position < utf8.endIndex {
            if let candidates = addedTokens[utf8[position]] {
                for token in candidates where utf8[position...].starts(with: token.bytes) {
                    let end = utf8.index(position, offsetBy: token.bytes.count)
                    if pieceStart < position, !body(piece(pieceStart..<position)) { return }
                    if !body(.added(token.id)) { return }
                    (pieceStart, position) = (end, end)
                    continue scan
                }
            }
            position = utf8.index(after: position)
        }
        if pieceStart < utf8.endIndex { _ = body(piece(pieceStart..<utf8.endIndex)) }
    }
}
