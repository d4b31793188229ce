import Common
import Foundation
import Kernels
import Tokenizers

/// The modules and settings of a sentence-transformers model folder: `modules.json`,
/// `sentence_bert_config.json`, `config_sentence_transformers.json`, pooling and dense configs.
public struct SentenceTransformerFolder {
    /// One entry of modules.json, its kind read from old (`sentence_transformers.models.X`) and new class paths.
    public struct Module: Equatable {
        public enum Kind: String, Equatable { case transformer, pooling, dense, normalize }
        public let kind: Kind
        public let path: String
    }

    public let folder: URL
    public let modules: [Module]
    public let maxSeqLength: Int?
    public let doLowerCase: Bool
    public let prompts: [String: String]
    public let defaultPromptName: String?
    public let similarity: SimilarityFunction

    public init(folder: URL) throws {
        self.folder = folder
        let modulesURL = folder.appendingPathComponent("modules.json")
        if FileManager.default.fileExists(atPath: modulesURL.path) {
            let entries = try readJSON([ModuleEntry].self, modulesURL)
            modules = try entries.map { entry in
                let parts = entry.path.split(separator: "/")
                guard !entry.path.hasPrefix("/"), !parts.contains(".."), !parts.contains(".") else {
                    throw EncoderError("\(modulesURL.path): module path '\(entry.path)' must name a folder inside the model folder")
                }
                guard let kind = Self.kind(ofClassPath: entry.type) else {
                    throw EncoderError("\(modulesURL.path): module '\(entry.type)' is not supported (Transformer, Pooling, Dense and Normalize are)")
                }
                return Module(kind: kind, path: entry.path)
            }
        } else {
            // A plain Hugging Face model folder: the transformer with mean pooling, as sentence-transformers assumes.
            modules = [Module(kind: .transformer, path: ""), Module(kind: .pooling, path: "")]
        }
        let bertConfig = folder.appendingPathComponent("sentence_bert_config.json")
        if FileManager.default.fileExists(atPath: bertConfig.path) {
            let config = try readJSON(SentenceBertConfig.self, bertConfig)
            maxSeqLength = try config.max_seq_length ?? Self.tokenizerMaxLength(folder, modules)
            doLowerCase = config.do_lower_case ?? false
        } else {
            maxSeqLength = try Self.tokenizerMaxLength(folder, modules)
            doLowerCase = false
        }
        let stConfig = folder.appendingPathComponent("config_sentence_transformers.json")
        if FileManager.default.fileExists(atPath: stConfig.path) {
            let config = try readJSON(SentenceTransformersConfig.self, stConfig)
            prompts = config.prompts ?? [:]
            defaultPromptName = config.default_prompt_name
            guard let similarity = SimilarityFunction(name: config.similarity_fn_name ?? "cosine") else {
                throw EncoderError("\(stConfig.path): similarity_fn_name '\(config.similarity_fn_name!)' is not one of "
                    + SimilarityFunction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.similarity = similarity
        } else {
            prompts = [:]
            defaultPromptName = nil
            similarity = .cosine
        }
        if let name = defaultPromptName, prompts[name] == nil {
            throw EncoderError("\(stConfig.path): default_prompt_name '\(name)' is not one of the prompts")
        }
    }

    /// The tokenizer's `model_max_length`, which sentence-transformers uses when sentence_bert_config.json
    /// gives no max_seq_length (newer versions save it only there); nil when absent or a "no limit" sentinel.
    static func tokenizerMaxLength(_ folder: URL, _ modules: [Module]) throws -> Int? {
        let transformerPath = modules.first { $0.kind == .transformer }?.path ?? ""
        let url = folder.appendingPathComponent(transformerPath).appendingPathComponent("tokenizer_config.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let length = try readJSON(TokenizerConfig.self, url).model_max_length
        return length.flatMap { $0 > 0 && $0 < 1e9 ? Int($0) : nil }
    }

    static func kind(ofClassPath type: String) -> Module.Kind? {
        switch type.split(separator: ".").last.map(String.init) {
        case "Transformer": return .transformer
        case "Pooling": return .pooling
        case "Dense": return .dense
        case "Normalize": return .normalize
        default: return nil
        }
    }

    struct ModuleEntry: Decodable { var path: String; var type: String }
    struct TokenizerConfig: Decodable { var model_max_length: Double? }
    struct SentenceBertConfig: Decodable { var max_seq_length: Int?; var do_lower_case: Bool? }
    struct SentenceTransformersConfig: Decodable {
        var prompts: [String: String]?
        var default_prompt_name: String?
        var similarity_fn_name: String?
    }
}

/// Decodes a JSON file, turning any failure into one sentence naming the file and field.
func readJSON<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
        throw EncoderError("\(url.path) cannot be read: \(error.localizedDescription)")
    }
    do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
        throw EncoderError("\(url.path): \(error.summary)")
    } catch {
        throw EncoderError("\(url.path): \(error)")
    }
}
