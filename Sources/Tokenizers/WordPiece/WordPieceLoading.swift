import Foundation

extension WordPieceTokenizer {
    /// Loads the tokenizer of a BERT-style model folder: `tokenizer.json` when present, else
    /// `vocab.txt` with the settings of `tokenizer_config.json`.
    public static func load(folder: URL) throws -> WordPieceTokenizer {
        let json = folder.appendingPathComponent("tokenizer.json")
        if FileManager.default.fileExists(atPath: json.path) { return try load(tokenizerJSON: json) }
        let vocab = folder.appendingPathComponent("vocab.txt")
        if FileManager.default.fileExists(atPath: vocab.path) {
            return try load(vocabTXT: vocab, config: folder.appendingPathComponent("tokenizer_config.json"))
        }
        throw TokenizerError("\(folder.path) has neither tokenizer.json nor vocab.txt")
    }

    /// Loads a Hugging Face `tokenizer.json` whose model is WordPiece.
    public static func load(tokenizerJSON url: URL) throws -> WordPieceTokenizer {
        let file = try decode(TokenizerFile.self, from: url)
        guard file.model.type == nil || file.model.type == "WordPiece", let vocab = file.model.vocab else {
            throw TokenizerError("\(url.path): model.type is '\(file.model.type ?? "?")', expected 'WordPiece' with a vocab")
        }
        var normalizer = BertNormalizer()
        if let n = file.normalizer {
            guard n.type == "BertNormalizer" else {
                throw TokenizerError("\(url.path): normalizer.type '\(n.type)' is not supported (expected BertNormalizer)")
            }
            normalizer.cleanText = n.clean_text ?? true
            normalizer.handleChineseChars = n.handle_chinese_chars ?? true
            normalizer.lowercase = n.lowercase ?? true
            normalizer.stripAccents = n.strip_accents ?? normalizer.lowercase
        }
        let template = try file.post_processor?.singleTemplate(path: url.path)
        let cls = vocab["[CLS]"], sep = vocab["[SEP]"]
        let prefix = template?.prefix ?? [cls].compactMap { $0 }
        let suffix = template?.suffix ?? [sep].compactMap { $0 }
        if let empty = file.added_tokens?.first(where: { $0.content.isEmpty }) {
            throw TokenizerError("\(url.path): added token \(empty.id) has empty content, which no text can match")
        }
        let added = (file.added_tokens ?? []).map { ($0.content, $0.id) }
        let padding = file.padding?.pad_id ?? vocab["[PAD]"] ?? 0
        return try WordPieceTokenizer(
            vocab: vocab, normalizer: normalizer, unknownToken: file.model.unk_token ?? "[UNK]",
            continuingPrefix: file.model.continuing_subword_prefix ?? "##",
            maxInputCharsPerWord: file.model.max_input_chars_per_word ?? 100,
            prefixIDs: prefix, suffixIDs: suffix, addedTokens: added, paddingID: padding)
    }

    /// Loads `vocab.txt` (one token a line, id = line number) with BertTokenizer's settings.
    public static func load(vocabTXT url: URL, config: URL) throws -> WordPieceTokenizer {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TokenizerError("\(url.path) cannot be read as UTF-8 text")
        }
        var vocab: [String: Int32] = [:]
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (i, line) in lines.enumerated() { vocab[line.trimmingCharacters(in: .init(charactersIn: "\r"))] = Int32(i) }
        var normalizer = BertNormalizer()
        if FileManager.default.fileExists(atPath: config.path) {
            let settings = try decode(BertTokenizerConfig.self, from: config)
            normalizer.lowercase = settings.do_lower_case ?? true
            normalizer.handleChineseChars = settings.tokenize_chinese_chars ?? true
            normalizer.stripAccents = settings.strip_accents ?? normalizer.lowercase
        }
        let specials = ["[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]"].compactMap { t in vocab[t].map { (t, $0) } }
        guard let cls = vocab["[CLS]"], let sep = vocab["[SEP]"] else {
            throw TokenizerError("\(url.path) has no [CLS] or [SEP] token")
        }
        return try WordPieceTokenizer(
            vocab: vocab, normalizer: normalizer, unknownToken: "[UNK]", prefixIDs: [cls], suffixIDs: [sep],
            addedTokens: specials, paddingID: vocab["[PAD]"] ?? 0)
    }
}

/// The parts of Hugging Face's tokenizer.json a WordPiece model needs.
struct TokenizerFile: Decodable {
    struct Model: Decodable {
        var type: String?
        var vocab: [String: Int32]?
        var unk_token: String?
        var continuing_subword_prefix: String?
        var max_input_chars_per_word: Int?
    }
    struct Normalizer: Decodable {
        var type: String
        var clean_text: Bool?
        var handle_chinese_chars: Bool?
        var strip_accents: Bool?
        var lowercase: Bool?
    }
    struct Padding: Decodable { var pad_id: Int32? }
    var model: Model
    var normalizer: Normalizer?
    var post_processor: PostProcessor?
    var added_tokens: [AddedToken]?
    var padding: Padding?
}

/// The settings of a `tokenizer_config.json` for BertTokenizer.
struct BertTokenizerConfig: Decodable {
    var do_lower_case: Bool?
    var tokenize_chinese_chars: Bool?
    var strip_accents: Bool?
}
