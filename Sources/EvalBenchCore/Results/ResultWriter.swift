import Encoders
import Foundation
import Kernels

/// Writes results in MTEB's layout: `ROOT/ORG__MODEL/REVISION/TASK.json` for the full-dimension float32 run of f32
/// weights, `…/experiments/embed_dim_D__output_dtypes_P/TASK.json` for the other dimensions and precisions,
/// `…/experiments/embed_dim_D__output_dtypes_P__weights_W/TASK.json` for every run of quantized weights (mteb's
/// folder naming: keys sorted), `model_meta.json` in the revision folder and in each experiment folder, and the
/// per-query / per-pair detail under `details/` beside each result. Every file is written atomically.
public struct ResultWriter {
    public let root: URL
    public let model: ModelIdentity
    public let fullDimension: Int
    let meta: ModelMeta

    public init(root: URL, model: ModelIdentity, fullDimension: Int, similarity: SimilarityFunction, maxTokens: Int, matryoshkaDimensions: [Int]) {
        self.root = root
        self.model = model
        self.fullDimension = fullDimension
        meta = ModelMeta(name: model.name, revision: model.revision ?? "no_revision_available", embed_dim: fullDimension,
                         similarity_fn_name: similarity.rawValue, max_tokens: maxTokens > 0 ? maxTokens : nil, framework: ["evalbench"],
                         evalbench: .init(weights_sha256: model.weightsSHA256, path: model.path, backend: model.backend,
                                          matryoshka_dimensions: matryoshkaDimensions, version: EvalBenchVersion.current))
    }

    /// MTEB's folder name for a model: `org/name` → `org__name`.
    public var modelFolder: URL {
        root.appendingPathComponent(model.name.replacingOccurrences(of: "/", with: "__"))
            .appendingPathComponent(model.revision ?? "no_revision_available")
    }

    /// What the experiment folder of a variant varies; nil for the main folder.
    func experiment(dimension: Int, precision: Precision) -> ModelMeta.ExperimentKwargs? {
        let quantized = !model.quantized.isEmpty
        if !quantized && dimension == fullDimension && precision == .float32 { return nil }
        return .init(embed_dim: dimension, output_dtypes: precision.rawValue, weights: quantized ? model.weights : nil)
    }

    /// The folder a variant's task files go to.
    public func folder(dimension: Int, precision: Precision) -> URL {
        experiment(dimension: dimension, precision: precision).map { modelFolder.appendingPathComponent("experiments/\($0.folderName)") } ?? modelFolder
    }

    /// The revision folder's `model_meta.json`.
    public func writeModelMeta() throws {
        try AtomicFile.write(ResultJSON.data(meta), to: modelFolder.appendingPathComponent("model_meta.json"))
    }

    /// Writes one task's result, its detail file and, for an experiment, the experiment's `model_meta.json`; returns
    /// the result file's URL.
    @discardableResult
    public func write(_ result: TaskResult) throws -> URL {
        let folder = self.folder(dimension: result.dimension, precision: result.precision)
        if let experiment = experiment(dimension: result.dimension, precision: result.precision) {
            var experimentMeta = meta
            experimentMeta.experiment_kwargs = experiment
            try AtomicFile.write(ResultJSON.data(experimentMeta), to: folder.appendingPathComponent("model_meta.json"))
        }
        let url = folder.appendingPathComponent("\(result.task.name).json")
        try AtomicFile.write(ResultJSON.data(result.file(model: model)), to: url)
        try AtomicFile.write(Data(result.detail.json()), to: folder.appendingPathComponent("details/\(result.task.name).json"))
        return url
    }
}

/// evalbench's own version, recorded in every result.
public enum EvalBenchVersion {
    public static let current = "0.2.0"
}
