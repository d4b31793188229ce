import Encoders
import Foundation
import Kernels

/// One task evaluated at one dimension and precision: the scores, the detail a regression gate needs,
/// and everything required to reproduce the number.
public struct TaskResult {
    public var task: TaskDefinition
    public var split: String
    public var dimension: Int
    public var precision: Precision
    /// Metric name → value, with MTEB's keys.
    public var scores: [String: Double]
    /// Per-query, per-pair or per-experiment values, written to the detail file.
    public var detail: TaskDetail
    /// SHA-256 over the task's data files.
    public var dataSHA256: String
    public var evaluationSeconds: Double
    public var encodingSeconds: Double
    /// Texts sent to the encoder for this task (those shared with an earlier task were reused).
    public var encodedTexts: Int
    /// Texts of this task read from the embedding cache instead.
    public var reusedTexts = 0
    /// Bytes of the model's parameters in memory, when known.
    public var modelBytes: Int?
    /// Prompts used, by role.
    public var prompts: [TaskRole: PromptSelector.Choice]
    /// The quantisation rule and calibration source, the protocol, the seed.
    public var notes: ResultNotes
    public var similarity: SimilarityFunction
    public var limit: Int?
    public var runtime: RuntimeFacts?

    /// The value of the task's main metric (a task's main_score is always one its kind reports).
    public var mainScore: Double? { scores[task.main_score] }

    /// The result file: MTEB's fields and evalbench's record.
    func file(model: ModelIdentity) -> ResultFile {
        let entry = ResultFile.Entry(main_score: mainScore ?? .nan, languages: task.languages ?? ["eng-Latn"], metrics: scores.mapValues { $0 })
        let record = ResultFile.EvalBench(
            version: EvalBenchVersion.current,
            model: .init(name: model.name, revision: model.revision, weights_sha256: model.weightsSHA256, weights: model.weights,
                         quantized: model.quantized, backend: model.backend),
            model_bytes: modelBytes, encoded_texts: encodedTexts, reused_texts: reusedTexts, data_sha256: dataSHA256, embed_dim: dimension,
            precision: precision.rawValue, encoding_time: encodingSeconds,
            prompts: Dictionary(uniqueKeysWithValues: prompts.map { ($0.key.rawValue, ResultFile.Prompt(name: $0.value.name, text: $0.value.text)) }),
            main_score_name: task.main_score, task_type: task.type, similarity: similarity.rawValue, limit: limit, kernels: runtime, notes: notes)
        return ResultFile(dataset_revision: dataSHA256, task_name: task.name, evaluation_time: evaluationSeconds, scores: [split: [entry]],
                          evalbench: record)
    }
}
