/// A tokenizer.json post-processor, reduced to what one text needs: the special tokens placed before and after it.
struct PostProcessor: Decodable {
    struct Piece: Decodable {
        struct Special: Decodable { var id: String; var type_id: Int? }
        struct Sequence: Decodable { var id: String; var type_id: Int? }
        var SpecialToken: Special?
        var Sequence: Sequence?
    }
    struct SpecialTokenIDs: Decodable { var ids: [Int32] }
    /// RobertaProcessing's and BertProcessing's `["</s>", 2]`: a token and its id.
    struct TokenAndID: Decodable {
        var token: String
        var id: Int32
        init(from decoder: Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            token = try pair.decode(String.self)
            id = try pair.decode(Int32.self)
        }
    }
    var type: String
    var single: [Piece]?
    var special_tokens: [String: SpecialTokenIDs]?
    var processors: [PostProcessor]?
    var cls: TokenAndID?
    var sep: TokenAndID?

    /// The prefix and suffix ids of a single sequence, or nil when this post-processor adds none.
    func singleTemplate(path: String) throws -> (prefix: [Int32], suffix: [Int32])? {
        switch type {
        case "Sequence":
            // Each processor wraps what the ones before it produced.
            var result: (prefix: [Int32], suffix: [Int32])?
            for processor in processors ?? [] {
                guard let outer = try processor.singleTemplate(path: path) else { continue }
                result = (outer.prefix + (result?.prefix ?? []), (result?.suffix ?? []) + outer.suffix)
            }
            return result
        case "TemplateProcessing":
            return try templateProcessing(path: path)
        case "RobertaProcessing", "BertProcessing":
            guard let cls, let sep else { throw TokenizerError("\(path): post_processor \(type) needs both cls and sep") }
            return ([cls.id], [sep.id])
        case "ByteLevel":
            return nil
        default:
            throw TokenizerError("\(path): post_processor type '\(type)' is not supported (TemplateProcessing, RobertaProcessing, BertProcessing, ByteLevel, Sequence are)")
        }
    }

    private func templateProcessing(path: String) throws -> (prefix: [Int32], suffix: [Int32])? {
        guard let single else { return nil }
        var prefix: [Int32] = [], suffix: [Int32] = []
        var seenSequence = false
        for piece in single {
            // evalbench embeds one sequence with token type 0 throughout, as every single-text template does.
            if let type = piece.Sequence?.type_id ?? piece.SpecialToken?.type_id, type != 0 {
                throw TokenizerError("\(path): post_processor.single gives a piece type_id \(type); a single text's pieces have type 0")
            }
            if piece.Sequence != nil {
                guard !seenSequence else { throw TokenizerError("\(path): post_processor.single places the sequence twice") }
                seenSequence = true
                continue
            }
            guard let name = piece.SpecialToken?.id, let ids = special_tokens?[name]?.ids else {
                throw TokenizerError("\(path): post_processor.single names a special token missing from special_tokens")
            }
            if seenSequence { suffix += ids } else { prefix += ids }
        }
        guard seenSequence else { throw TokenizerError("\(path): post_processor.single places no sequence ($A), so every text would vanish") }
        return (prefix, suffix)
    }
}
