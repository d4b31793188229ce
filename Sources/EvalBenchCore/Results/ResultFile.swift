import Common
import Encoders
import Foundation

/// A task result file as evalbench writes and reads it: MTEB's TaskResult fields (so mteb's ResultCache and
/// TaskResult.from_disk load it) and an `evalbench` object with what makes the number reproducible. The schema is
/// documented in README.md (Results); `scripts/conformance.py` reads the same fields.
public struct ResultFile: Codable, Equatable {
    /// One entry of `scores.SPLIT`: the metrics under MTEB's keys, flattened beside `main_score`, `hf_subset` and
    /// `languages`; a metric that is undefined here (a correlation of constants) is null.
    public struct Entry: Codable, Equatable {
        public var main_score: Double
        public var hf_subset: String
        public var languages: [String]
        public var metrics: [String: Double?]

        public init(main_score: Double, hf_subset: String = "default", languages: [String], metrics: [String: Double?]) {
            self.main_score = main_score
            self.hf_subset = hf_subset
            self.languages = languages
            self.metrics = metrics
        }

        public init(from decoder: Swift.Decoder) throws {
            let container = try decoder.container(keyedBy: StrictKeys.AnyKey.self)
            func key(_ name: String) -> StrictKeys.AnyKey { .init(stringValue: name) }
            main_score = try container.decode(Double.self, forKey: key("main_score"))
            hf_subset = try container.decode(String.self, forKey: key("hf_subset"))
            languages = try container.decode([String].self, forKey: key("languages"))
            var metrics: [String: Double?] = [:]
            for name in container.allKeys.map(\.stringValue) where !["main_score", "hf_subset", "languages"].contains(name) {
                metrics[name] = try container.decodeIfPresent(Double.self, forKey: key(name))
            }
            self.metrics = metrics
        }

        public func encode(to encoder: Swift.Encoder) throws {
            var container = encoder.container(keyedBy: StrictKeys.AnyKey.self)
            for (name, value) in metrics {
                if let value, value.isFinite { try container.encode(Rounding.mteb(value), forKey: .init(stringValue: name)) }
                else { try container.encodeNil(forKey: .init(stringValue: name)) }
            }
            try container.encode(Rounding.mteb(main_score), forKey: .init(stringValue: "main_score"))
            try container.encode(hf_subset, forKey: .init(stringValue: "hf_subset"))
            try container.encode(languages, forKey: .init(stringValue: "languages"))
        }
    }

    /// The model as the result file names it.
    public struct Model: Codable, Equatable {
        public var name: String
        public var revision: String?
        public var weights_sha256: String
        /// f32, q8, q4, int8-channel (+embeddings), or served.
        public var weights: String
        public var quantized: [String]
        /// native, or the server that computed the embeddings.
        public var backend: String
    }

    /// A prompt used for a role: its name (nil for a literal) and text.
    public struct Prompt: Codable, Equatable {
        public var name: String?
        public var text: String
    }

    /// evalbench's record of the run: the model, the row (dimension, precision), the data, the prompts, the speed.
    public struct EvalBench: Codable, Equatable {
        public var version: String
        public var model: Model
        public var model_bytes: Int?
        public var encoded_texts: Int
        public var reused_texts: Int
        public var data_sha256: String
        public var embed_dim: Int
        public var precision: String
        public var encoding_time: Double
        public var prompts: [String: Prompt]
        public var main_score_name: String
        /// MTEB's task type (`Retrieval`, `STS`, …), which the leaderboard's Mean (TaskType) groups by; absent in files
        /// written before it was recorded.
        public var task_type: String?
        /// The model's similarity function, applied where the task ranks or correlates.
        public var similarity: String
        /// `evalbench run --limit`, when one was given.
        public var limit: Int?
        /// The kernels and threads of a native run.
        public var kernels: RuntimeFacts?
        public var notes: ResultNotes

        enum CodingKeys: String, CodingKey {
            case version, model, model_bytes, encoded_texts, reused_texts, data_sha256, embed_dim, precision, encoding_time, prompts
            case main_score_name, task_type, similarity, limit, kernels
        }

        public init(version: String, model: Model, model_bytes: Int?, encoded_texts: Int, reused_texts: Int, data_sha256: String, embed_dim: Int,
                    precision: String, encoding_time: Double, prompts: [String: Prompt], main_score_name: String, task_type: String?,
                    similarity: String, limit: Int?, kernels: RuntimeFacts?, notes: ResultNotes) {
            (self.version, self.model, self.model_bytes, self.encoded_texts, self.reused_texts) = (version, model, model_bytes, encoded_texts, reused_texts)
            (self.data_sha256, self.embed_dim, self.precision, self.encoding_time) = (data_sha256, embed_dim, precision, encoding_time)
            (self.prompts, self.main_score_name, self.task_type, self.similarity) = (prompts, main_score_name, task_type, similarity)
            (self.limit, self.kernels, self.notes) = (limit, kernels, notes)
        }

        // The notes sit beside the other fields in the same object.
        public init(from decoder: Swift.Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            version = try container.decode(String.self, forKey: .version)
            model = try container.decode(Model.self, forKey: .model)
            model_bytes = try container.decodeIfPresent(Int.self, forKey: .model_bytes)
            encoded_texts = try container.decode(Int.self, forKey: .encoded_texts)
            reused_texts = try container.decode(Int.self, forKey: .reused_texts)
            data_sha256 = try container.decode(String.self, forKey: .data_sha256)
            embed_dim = try container.decode(Int.self, forKey: .embed_dim)
            precision = try container.decode(String.self, forKey: .precision)
            encoding_time = try container.decode(Double.self, forKey: .encoding_time)
            prompts = try container.decode([String: Prompt].self, forKey: .prompts)
            main_score_name = try container.decode(String.self, forKey: .main_score_name)
            task_type = try container.decodeIfPresent(String.self, forKey: .task_type)
            similarity = try container.decode(String.self, forKey: .similarity)
            limit = try container.decodeIfPresent(Int.self, forKey: .limit)
            kernels = try container.decodeIfPresent(RuntimeFacts.self, forKey: .kernels)
            notes = try ResultNotes(from: decoder)
        }

        public func encode(to encoder: Swift.Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(model, forKey: .model)
            try container.encode(model_bytes, forKey: .model_bytes)
            try container.encode(encoded_texts, forKey: .encoded_texts)
            try container.encode(reused_texts, forKey: .reused_texts)
            try container.encode(data_sha256, forKey: .data_sha256)
            try container.encode(embed_dim, forKey: .embed_dim)
            try container.encode(precision, forKey: .precision)
            try container.encode(Rounding.mteb(encoding_time), forKey: .encoding_time)
            try container.encode(prompts, forKey: .prompts)
            try container.encode(main_score_name, forKey: .main_score_name)
            try container.encodeIfPresent(task_type, forKey: .task_type)
            try container.encode(similarity, forKey: .similarity)
            try container.encodeIfPresent(limit, forKey: .limit)
            try container.encodeIfPresent(kernels, forKey: .kernels)
            try notes.encode(to: encoder)
        }
    }

    /// SHA-256 of the task data (MTEB's field for the dataset's revision).
    public var dataset_revision: String
    public var task_name: String
    /// null: evalbench is not mteb, and a string that is no mteb version breaks mteb's TaskResult.merge.
    public var mteb_version: String?
    public var evaluation_time: Double
    public var kg_co2_emissions: Double?
    public var scores: [String: [Entry]]
    public var evalbench: EvalBench

    enum CodingKeys: String, CodingKey { case dataset_revision, task_name, mteb_version, evaluation_time, kg_co2_emissions, scores, evalbench }

    public init(dataset_revision: String, task_name: String, evaluation_time: Double, scores: [String: [Entry]], evalbench: EvalBench) {
        (self.dataset_revision, self.task_name, self.evaluation_time, self.scores, self.evalbench) = (dataset_revision, task_name, evaluation_time, scores, evalbench)
    }

    public func encode(to encoder: Swift.Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dataset_revision, forKey: .dataset_revision)
        try container.encode(task_name, forKey: .task_name)
        try container.encode(mteb_version, forKey: .mteb_version)  // the key must be there, null or not
        try container.encode(Rounding.mteb(evaluation_time), forKey: .evaluation_time)
        try container.encode(kg_co2_emissions, forKey: .kg_co2_emissions)
        try container.encode(scores, forKey: .scores)
        try container.encode(evalbench, forKey: .evalbench)
    }

    /// Reads `url`; the error names the file and the field that is missing or of the wrong type.
    public static func read(_ url: URL) throws -> ResultFile {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw EvalBenchError("\(url.path) cannot be read") }
        do {
            return try JSONDecoder().decode(ResultFile.self, from: data)
        } catch let error as DecodingError {
            throw EvalBenchError("\(url.path) is not a result file written by `evalbench run`: \(error.summary)")
        }
    }
}

/// JSON as evalbench writes it: sorted keys, pretty-printed, slashes unescaped.
enum ResultJSON {
    static func data<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(value) } catch EncodingError.invalidValue(let value, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw EvalBenchError("cannot write \(value) at '\(field)' as JSON")
        }
    }
}
