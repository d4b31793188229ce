import Encoders
import Foundation
import Kernels

/// Runs tasks against one encoder: encodes each task's texts once at full dimension, then evaluates every
/// requested dimension and precision from those embeddings, writing each result as soon as it is done.
public final class Runner {
    let encoder: Encoder
    let loader: TaskLoader
    let configuration: RunConfiguration
    let store: EmbeddingStore
    let writer: ResultWriter
    let prompts: PromptSelector
    let similarity: String
    /// Called with each finished result (the command prints a line per result).
    public var onResult: (TaskResult) -> Void = { _ in }
    /// Called with warnings found while loading data.
    public var onWarning: (String) -> Void = { _ in }

    /// With `cache`, texts stored by earlier runs are reused and new embeddings stored, `cacheChunkSize` texts per
    /// commit (a killed run loses at most that many).
    public init(encoder: Encoder, loader: TaskLoader, configuration: RunConfiguration, similarity: String = "cosine",
                cache: EmbeddingCache? = nil, cacheChunkSize: Int = 256) {
        self.encoder = encoder
        self.loader = loader
        self.configuration = configuration
        self.similarity = similarity
        store = EmbeddingStore(encoder: encoder, cache: cache, chunkSize: cacheChunkSize)
        writer = ResultWriter(root: configuration.output, model: encoder.identity, fullDimension: encoder.dimension)
        prompts = PromptSelector(prompts: encoder.prompts, override: configuration.prompts)
    }

    /// Texts sent to the encoder and texts read from the cache in this run, and the encoding time.
    public var encodedTexts: Int { store.encodedCount }
    public var reusedTexts: Int { store.reusedCount }
    public var encodingSeconds: Double { store.encodingSeconds }

    public func run() throws -> [TaskResult] {
        for dimension in configuration.dimensions where dimension < 1 || dimension > encoder.dimension {
            throw EvalBenchError("dimension \(dimension) is out of range: the model's embeddings have \(encoder.dimension)")
        }
        try writer.writeModelMeta(similarity: similarity, maxTokens: encoder.maxTokens, matryoshkaDimensions: configuration.dimensions)
        var results: [TaskResult] = []
        for task in configuration.tasks {
            for split in task.splits {
                results += try run(task, split: split)
            }
        }
        return results
    }

    /// A task split's data (limited as configured) and its embeddings by role, encoding what the store lacks.
    func inputs(_ task: TaskDefinition, split: String) throws -> (TaskData, TaskInputs) {
        var data = try loader.load(task, split: split)
        if case .retrieval(let r) = data { r.warnings.forEach(onWarning) }
        if let limit = configuration.limit { data = data.limited(to: limit) }
        return (data, try TaskInputs(task: task, data: data, store: store, prompts: prompts))
    }

    func run(_ task: TaskDefinition, split: String) throws -> [TaskResult] {
        let (encodingBefore, encodedBefore, reusedBefore) = (store.encodingSeconds, store.encodedCount, store.reusedCount)
        let (data, inputs) = try self.inputs(task, split: split)
        let dataSHA256 = try DataFingerprint.sha256(of: loader.expectedFiles(task, split: split))
        let encodingSeconds = store.encodingSeconds - encodingBefore
        var results: [TaskResult] = []
        for dimension in configuration.dimensions {
            let embeddings = inputs.truncated(to: dimension)
            for precision in configuration.precisions {
                let started = Date()
                let outcome = try Evaluation.evaluate(task: task, data: data, embeddings: embeddings, precision: precision,
                                                      configuration: configuration)
                var notes = outcome.notes
                notes["similarity"] = similarity
                if configuration.limit != nil { notes["limit"] = configuration.limit! }
                let result = TaskResult(
                    task: task, split: split, dimension: dimension, precision: precision, scores: outcome.scores,
                    detail: outcome.detail, dataSHA256: dataSHA256, evaluationSeconds: Date().timeIntervalSince(started),
                    encodingSeconds: encodingSeconds, encodedTexts: store.encodedCount - encodedBefore,
                    reusedTexts: store.reusedCount - reusedBefore, modelBytes: encoder.weightBytes,
                    prompts: inputs.prompts, notes: notes)
                try writer.write(result)
                onResult(result)
                results.append(result)
            }
        }
        return results
    }
}
