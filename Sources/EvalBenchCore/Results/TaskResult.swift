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
    /// Metric name → value, with MTEB's keys; `main_score` is added from the task's main metric.
    public var scores: [String: Double]
    /// Per-query, per-pair or per-experiment values, written to the detail file.
    public var detail: [String: Any]
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
    public var prompts: [String: PromptSelector.Choice]
    /// Extra facts for the result file: quantisation rule and calibration source, seeds, protocol notes.
    public var notes: [String: Any]

    public var mainScore: Double? { scores[task.main_score] }

    func mtebObject(model: ModelIdentity) -> [String: Any] {
        var entry: [String: Any] = scores
        entry["main_score"] = mainScore ?? NSNull()
        entry["hf_subset"] = "default"
        entry["languages"] = task.languages ?? ["eng-Latn"]
        var evalbench: [String: Any] = notes
        evalbench["version"] = EvalBenchVersion.current
        evalbench["model"] = ["name": model.name, "revision": model.revision ?? NSNull(), "weights_sha256": model.weightsSHA256,
                              "weights": model.weights, "quantized": model.quantized, "backend": model.backend] as [String: Any]
        evalbench["model_bytes"] = modelBytes ?? NSNull()
        evalbench["encoded_texts"] = encodedTexts
        evalbench["reused_texts"] = reusedTexts
        evalbench["data_sha256"] = dataSHA256
        evalbench["embed_dim"] = dimension
        evalbench["precision"] = precision.rawValue
        evalbench["encoding_time"] = encodingSeconds
        evalbench["prompts"] = prompts.mapValues { ["name": $0.name ?? NSNull(), "text": $0.text] as [String: Any] }
        evalbench["main_score_name"] = task.main_score
        if model.backend == "native" {
            // encoding_time depends on these: OpenBLAS's kernel family for f32 products, ours for quantized ones.
            evalbench["kernels"] = ["openblas": BLAS.coreName, "quantized": QuantKernel.best.name]
        }
        return [
            "dataset_revision": dataSHA256, "task_name": task.name, "mteb_version": "evalbench \(EvalBenchVersion.current) (MTEB v2 protocol)",
            "evaluation_time": evaluationSeconds, "kg_co2_emissions": NSNull(), "scores": [split: [entry]], "evalbench": evalbench,
        ]
    }
}
