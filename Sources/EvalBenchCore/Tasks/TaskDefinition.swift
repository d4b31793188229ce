import Foundation

/// A task as declared in `Tasks/NAME.json`: metadata, where its data is, and how to evaluate it.
/// Metadata is data, not code: adding a task means adding a file.
public struct TaskDefinition: Codable, Equatable, Sendable {
    /// The evaluation kinds evalbench implements, named as MTEB names them.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case retrieval = "Retrieval", reranking = "Reranking", sts = "STS", classification = "Classification"
        case clustering = "Clustering", pairClassification = "PairClassification"
    }

    /// How the task's files are laid out.
    public enum Format: String, Codable, Sendable {
        /// corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv
        case beir
        /// SPLIT.jsonl rows {sentence1, sentence2, score}
        case stsPairs = "sts-pairs"
        /// SPLIT.jsonl rows {text, label}; classification reads a train split too
        case labelledTexts = "labelled-texts"
        /// SPLIT.jsonl rows {query, positive[], negative[]}
        case rerankingRows = "reranking-rows"
        /// SPLIT.jsonl rows {sentence1, sentence2, label 0/1}
        case pairs
        /// one JSONL file of question → passage rows; each question's own passage is its relevant document
        case questionPassage = "question-passage"
    }

    /// Where the data lives: a folder bundled beside the definition, or a dataset folder the user supplies.
    public struct DataSource: Codable, Equatable, Sendable {
        /// Folder relative to the task definitions folder (bundled data).
        public var path: String?
        /// Folder name looked up under `--data-dir` / `EVALBENCH_DATA`.
        public var dataset: String?
    }

    /// Evaluation options; absent ones take MTEB's defaults.
    public struct Options: Codable, Equatable, Sendable {
        public var k_values: [Int]?
        public var ignore_identical_ids: Bool?
        public var samples_per_label: Int?
        public var n_experiments: Int?
        public var seed: UInt64?
        /// Classification: the split the classifier is trained on.
        public var train_split: String?
        /// question-passage: file name and column names.
        public var file: String?
        public var question_column: String?
        public var passage_column: String?
        public var passage_id_column: String?
        public var question_id_column: String?
        /// question-passage: a JSONL file of extra distractor passages {passage_id, passage_text}.
        public var distractors_file: String?
        /// Gold scores are divided by this (STS: 5 maps 0–5 onto 0–1; it does not change correlations).
        public var score_scale: Double?
    }

    public var name: String
    public var type: Kind
    public var description: String
    public var domains: [String]?
    public var languages: [String]?
    public var data: DataSource
    public var format: Format
    public var splits: [String]
    public var main_score: String
    /// Prompt names per role (`query`, `document`, `text`), overriding MTEB's prompt selection order.
    public var prompt_names: [String: String]?
    public var evaluation: Options?
    /// Suites this task belongs to (`default` is what `make run` evaluates).
    public var suites: [String]?
    /// Where a user gets the data, for the error when it is missing.
    public var source: String?

    public var options: Options { evaluation ?? Options() }
}
