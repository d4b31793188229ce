import Foundation
import Tokenizers

/// The transformers `model_type` values the native encoder runs, each with its backbone and tokenizer.
enum SupportedModelType: String, CaseIterable {
    case bert, xlmRoberta = "xlm-roberta", roberta, mpnet, nomicBert = "nomic_bert", modernBert = "modernbert"
    case gemma3Text = "gemma3_text", qwen3

    /// The smaller dimensions the family's embedding models were trained to truncate to: EmbeddingGemma (512, 256,
    /// 128), nomic-embed-text v1.5 (512 … 64), Qwen3-Embedding (any from 32; the usual steps listed).
    var matryoshkaDimensions: [Int] {
        switch self {
        case .gemma3Text: return [512, 256, 128]
        case .nomicBert: return [512, 256, 128, 64]
        case .qwen3: return [1024, 512, 256, 128]
        default: return []
        }
    }

    func load(_ folder: URL, variant: WeightsVariant) throws -> (Backbone, Tokenizer) {
        switch self {
        case .bert, .mpnet:
            return (try Bert.Model(folder: folder, variant: variant), try WordPieceTokenizer.load(folder: folder))
        case .nomicBert:
            return (try NomicBert.Model(folder: folder, variant: variant), try WordPieceTokenizer.load(folder: folder))
        case .xlmRoberta:
            return (try Bert.Model(folder: folder, variant: variant), try Self.xlmRobertaTokenizer(folder))
        case .roberta:
            return (try Bert.Model(folder: folder, variant: variant), try ByteLevelBPETokenizer(folder: folder))
        case .modernBert:
            return (try ModernBert.Model(folder: folder, variant: variant), try ByteLevelBPETokenizer(folder: folder))
        case .gemma3Text:
            return (try Gemma.Model(folder: folder, variant: variant), try SentencePieceTokenizer(folder: folder))
        case .qwen3:
            return (try Qwen3.Model(folder: folder, variant: variant), try ByteLevelBPETokenizer(folder: folder))
        }
    }

    /// XLM-RoBERTa's SentencePiece model with fairseq's ids; its tokenizer.json alone (a Unigram model with a precompiled
    /// normaliser) is not read.
    static func xlmRobertaTokenizer(_ folder: URL) throws -> Tokenizer {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("sentencepiece.bpe.model").path) else {
            throw EncoderError("\(folder.path) has no sentencepiece.bpe.model: XLM-RoBERTa's tokenizer is read from its SentencePiece model "
                + "(a tokenizer.json alone, a Unigram model with a precompiled normaliser, is not supported)")
        }
        return try SentencePieceTokenizer(folder: folder, modelFile: "sentencepiece.bpe.model", fairseqIDs: true)
    }
}
