import Common
import CSentencePiece
import Foundation

/// SentencePiece tokenization through libsentencepiece (Gemma, EmbeddingGemma; XLM-RoBERTa with fairseq's ids): the
/// model's pieces, then the model's template (`<bos> … <eos>` for EmbeddingGemma, `<s> … </s>` for XLM-R) and
/// truncation that keeps the template.
public final class SentencePieceTokenizer: Tokenizer, @unchecked Sendable {
    // The processor is only read after loading; libsentencepiece's Encode is const and thread-safe.
    private let processor: OpaquePointer
    public let prefixIDs: [Int32]
    public let suffixIDs: [Int32]
    public let paddingID: Int32
    public let vocabularySize: Int
    /// XLM-RoBERTa's ids: fairseq's <s> 0, <pad> 1, </s> 2, <unk> 3, then SentencePiece's pieces shifted by one
    /// (`fairseq_offset` in transformers' XLMRobertaTokenizer, the same vocabulary its tokenizer.json holds).
    public let fairseqIDs: Bool
    /// tokenizer.json's added tokens (XLM-R's `<s>`, `</s>`, `<mask>`, …), kept whole where a text holds them literally,
    /// as the fast tokenizer does; Gemma's SentencePiece model knows its own special pieces.
    let addedTokens: AddedVocabulary
    public let largestID: Int32
    public var templateLength: Int { prefixIDs.count + suffixIDs.count }

    /// Loads the SentencePiece model `modelFile` from `folder` (with `fairseqIDs`, XLM-RoBERTa's mapping of its ids).
    /// The template comes from tokenizer.json's post-processor when present, else XLM-R's `<s> … </s>`, else
    /// tokenizer_config.json's `add_bos_token` (default true) and `add_eos_token` (default false).
    public init(folder: URL, modelFile: String = "tokenizer.model", fairseqIDs: Bool = false) throws {
        let modelURL = folder.appendingPathComponent(modelFile)
        guard FileManager.default.fileExists(atPath: modelURL.path) else {
            throw TokenizerError("\(folder.path) has no \(modelFile) (the SentencePiece model)")
        }
        self.fairseqIDs = fairseqIDs
        var error = [CChar](repeating: 0, count: 512)
        let errorCapacity = error.count
        guard let processor = csp_load(modelURL.path, &error, errorCapacity) else {
            throw TokenizerError("\(modelURL.path) is not a SentencePiece model: \(String(cString: error))")
        }
        self.processor = processor
        vocabularySize = Int(csp_vocabulary_size(processor)) + (fairseqIDs ? 1 : 0)
        let bos = csp_bos_id(processor), eos = csp_eos_id(processor)
        let jsonURL = folder.appendingPathComponent("tokenizer.json")
        let configURL = folder.appendingPathComponent("tokenizer_config.json")
        let json = FileManager.default.fileExists(atPath: jsonURL.path) ? try decode(PostProcessorOnly.self, from: jsonURL) : nil
        let added = fairseqIDs ? json?.added_tokens ?? [] : []
        if let negative = added.first(where: { $0.id < 0 }) {
            throw TokenizerError("\(jsonURL.path): added token '\(negative.content)' has the negative id \(negative.id)")
        }
        largestID = ([Int32(vocabularySize - 1)] + added.map(\.id)).max()!
        addedTokens = AddedVocabulary(added.map { AddedVocabulary.Token($0, content: $0.content, id: $0.id) })
        if let template = try json?.post_processor?.singleTemplate(path: jsonURL.path) {
            (prefixIDs, suffixIDs) = template
        } else if fairseqIDs {
            (prefixIDs, suffixIDs) = ([0], [2])
        } else {
            let config = FileManager.default.fileExists(atPath: configURL.path) ? try decode(TemplateFlags.self, from: configURL) : TemplateFlags()
            prefixIDs = (config.add_bos_token ?? true) && bos >= 0 ? [bos] : []
            suffixIDs = (config.add_eos_token ?? false) && eos >= 0 ? [eos] : []
        }
        paddingID = fairseqIDs ? 1 : max(csp_pad_id(processor), 0)
        for id in prefixIDs + suffixIDs where !(0..<Int32(vocabularySize)).contains(id) {
            throw TokenizerError("\(jsonURL.path): template token id \(id) is outside the SentencePiece vocabulary of \(vocabularySize)")
        }
    }

    deinit { csp_free(processor) }

    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        let budget = max(0, maxLength - prefixIDs.count - suffixIDs.count)
        return prefixIDs + pieces(text).prefix(budget) + suffixIDs
    }

    /// The ids of `text`, without template tokens: its added tokens whole, SentencePiece's pieces between them.
    public func pieces(_ text: String) -> [Int32] {
        addedTokens.split(text).flatMap { segment -> [Int32] in
            switch segment {
            case .added(let id): return [id]
            case .text(let piece): return sentencePieces(piece)
            }
        }
    }

    /// The SentencePiece ids of `text` (in fairseq's numbering for XLM-R).
    func sentencePieces(_ text: String) -> [Int32] {
        guard !text.isEmpty else { return [] }
        let utf8 = Array(text.utf8)
        var ids = [Int32](repeating: 0, count: utf8.count + 8)
        while true {
            let capacity = ids.count
            let count = utf8.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { csp_encode(processor, $0.baseAddress, $0.count, &ids, capacity) }
            }
            // Encoding UTF-8 cannot fail; an error here means the model itself is broken.
            precondition(count >= 0, "libsentencepiece failed to encode a text")
            if count <= ids.count {
                let pieces = ids.prefix(count)
                return fairseqIDs ? pieces.map { $0 == 0 ? 3 : $0 + 1 } : Array(pieces)
            }
            ids = [Int32](repeating: 0, count: count)
        }
    }
}

private struct PostProcessorOnly: Decodable { var post_processor: PostProcessor?; var added_tokens: [AddedToken]? }

/// The template switches of a Gemma / Llama `tokenizer_config.json`.
private struct TemplateFlags: Decodable {
    var add_bos_token: Bool?
    var add_eos_token: Bool?
}
