import Foundation

/// A byte-level BPE tokenizer read from a Hugging Face `tokenizer.json` (Qwen2 / Qwen3-Embedding, GPT-NeoX /
/// ModernBERT, RoBERTa, Llama 3), giving the ids of the `tokenizers` library: added tokens kept whole, then the
/// normalizer, the pre-tokenizer and BPE merges, inside the post-processor's template.
public final class ByteLevelBPETokenizer: Tokenizer, @unchecked Sendable {
    // Everything is read-only after loading except the model's word cache, which has its own lock;
    // NSRegularExpression (inside some patterns) is immutable and thread-safe.
    let model: BPEModel
    let normalizer: TextNormalizer?
    let preTokenizer: PreTokenizer?
    /// Added tokens with `normalized: false`, found in the raw text, and those found in the normalised text.
    let rawTokens: AddedVocabulary
    let normalizedTokens: AddedVocabulary
    public let prefixIDs: [Int32]
    public let suffixIDs: [Int32]
    public let paddingID: Int32
    public let largestID: Int32
    public var templateLength: Int { prefixIDs.count + suffixIDs.count }

    /// Reads `folder/tokenizer.json`, whose model must be BPE.
    public init(folder: URL) throws {
        let url = folder.appendingPathComponent("tokenizer.json")
        guard FileManager.default.fileExists(atPath: url.path) else { throw TokenizerError("\(folder.path) has no tokenizer.json") }
        let path = url.path
        let file = try decode(BPETokenizerFile.self, from: url)
        model = try BPEModel(file.model, path: path)
        normalizer = file.normalizer
        preTokenizer = file.pre_tokenizer

        // tokenizers numbers an added token missing from the vocabulary after the vocabulary, in file order, and
        // ignores the id the file gives; a file whose ids disagree is refused rather than read two ways.
        var tokens: [Int32: AddedToken] = [:]
        var idOfContent: [ExactString: Int32] = [:]
        var nextID = Int32(model.vocab.count)
        for (i, token) in (file.added_tokens ?? []).enumerated() {
            guard !token.content.isEmpty else { throw TokenizerError("\(path): added_tokens[\(i)] has empty content, which no text can match") }
            let key = ExactString(token.content)
            let id: Int32
            if let known = idOfContent[key] ?? model.vocab[key] { id = known } else { id = nextID; nextID += 1 }
            guard token.id == id else {
                throw TokenizerError("\(path): added_tokens[\(i)] '\(token.content)' has id \(token.id), but tokenizers would give it \(id)")
            }
            idOfContent[key] = id
            tokens[id] = token
        }
        var raw: [AddedVocabulary.Token] = [], normalized: [AddedVocabulary.Token] = []
        for (id, token) in tokens.sorted(by: { $0.key < $1.key }) {
            let isNormalized = token.normalized ?? !(token.special ?? false)
            let content = isNormalized ? normalizer?.normalize(token.content) ?? token.content : token.content
            let entry = AddedVocabulary.Token(token, content: content, id: id)
            if isNormalized { normalized.append(entry) } else { raw.append(entry) }
        }
        rawTokens = AddedVocabulary(raw)
        normalizedTokens = AddedVocabulary(normalized)

        (prefixIDs, suffixIDs) = try file.post_processor?.singleTemplate(path: path) ?? ([], [])
        paddingID = file.padding?.pad_id ?? ["[PAD]", "<pad>", "<|endoftext|>"].lazy.compactMap { idOfContent[ExactString($0)] }.first ?? 0
        if let negative = (prefixIDs + suffixIDs + [paddingID]).first(where: { $0 < 0 }) {
            throw TokenizerError("\(path): the post_processor or padding gives the negative id \(negative)")
        }
        largestID = ([Int32(model.vocab.count) - 1, paddingID] + tokens.keys + prefixIDs + suffixIDs).max()!
    }

    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        let budget = max(0, maxLength - templateLength)
        var ids: [Int32] = []
        pieces: for segment in rawTokens.split(text) {
            guard ids.count < budget else { break }
            guard case .text(let piece) = segment else {
                if case .added(let id) = segment { ids.append(id) }
                continue
            }
            for part in normalizedTokens.split(normalizer?.normalize(piece) ?? piece) {
                switch part {
                case .added(let id): ids.append(id)
                case .text(let text):
                    for word in preTokenizer?.split([text]) ?? [text] {
                        model.tokenize(word, into: &ids)
                        if ids.count >= budget { break pieces }
                    }
                }
            }
        }
        return prefixIDs + ids.prefix(budget) + suffixIDs
    }
}
