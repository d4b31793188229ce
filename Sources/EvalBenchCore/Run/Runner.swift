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
    /// Called with each finished result (the command prints a line per result).
    public var onResult: (TaskResult) -> Void = { _ in }
    /// Called with warnings found while loading data.
    public var onWarning: (String) -> Void = { _ in }

    /// With `cache`, texts stored by earlier runs are reused and new embeddings stored, `cacheChunkSize` texts per
    /// commit (a killed run loses at most that many).
    public init(encoder: Encoder, loader: TaskLoader, configuration: RunConfiguration, cache: EmbeddingCache? = nil, cacheChunkSize: Int = 256) {
        self.encoder = encoder
        self.loader = loader
        self.configuration = configuration
        store = EmbeddingStore(encoder: encoder, cache: cache, chunkSize: cacheChunkSize)
        writer = ResultWriter(root: configuration.output, model: encoder.identity, fullDimension: encoder.dimension, similarity: encoder.similarity,
                              maxTokens: encoder.maxTokens, matryoshkaDimensions: configuration.dimensions)
        prompts = PromptSelector(prompts: encoder.prompts, defaultPromptName: encoder.defaultPromptName, override: configuration.prompts)
    }

    /// Texts sent to the encoder and texts read from the cache in this run, and the encoding time.
    public var encodedTexts: Int { store.encodedCount }
    public var reusedTexts: Int { store.reusedCount }
    public var encodingSeconds: Double { store.encodingSeconds }

    public func run() throws -> [TaskResult] {
        for dimension in configuration.dimensions where dimension < 1 || dimension > encoder.dimension {
            throw EvalBenchError("dimension \(dimension) is out of range: the model's embeddings have \(encoder.dimension)")
        }
        try writer.writeModelMeta()
        var results: [TaskResult] = []
        for task in configuration.tasks {
            for split in task.splits {
                results += try task.kind.run(task, split: split, runner: self)
            }
        }
        return results
    }

    /// A task split's examples (limited as configured) and its embeddings by role, encoding what the store lacks.
    func inputs<K: TaskKind>(_ task: TaskDefinition, kind: K, split: String) throws -> (K.Examples, TaskInputs) {
        var examples = try loader.load(task, kind: kind, split: split)
        examples.warnings.forEach(onWarning)
        if let limit = configuration.limit { examples = examples.limited(to: limit) }
        return (examples, try TaskInputs(task: task, examples: examples, store: store, prompts: prompts))
    }

    func run<K: TaskKind>(_ task: TaskDefinition, kind: K, split: String) throws -> [TaskResult] {
        let before = Counters(store)
        let (examples, inputs) = try encodingTracked(task, split: split) { try self.inputs(task, kind: kind, split: split) }
        return try record(task, split: split, since: before, prompts: inputs.prompts) { dimension in
            let embeddings = inputs.truncated(to: dimension, similarity: encoder.similarity)
            return { precision, context in try kind.evaluate(examples, embeddings: embeddings, precision: precision, context: context) }
        }
    }

    /// `encode`'s result, with the texts the store encodes for it reported as one task's progress line.
    func encodingTracked<T>(_ task: TaskDefinition, split: String, _ encode: () throws -> T) rethrows -> T {
        let progress = ProgressReporter("\(task.name) [\(split)]", style: configuration.progress)
        store.progress = progress
        defer { store.progress = nil }
        let result = try encode()
        progress.finish()
        return result
    }

    /// The store's counters at one moment, to tell what one task encoded.
    struct Counters {
        let seconds: Double, encoded: Int, reused: Int
        init(_ store: EmbeddingStore) { (seconds, encoded, reused) = (store.encodingSeconds, store.encodedCount, store.reusedCount) }
    }

    /// Evaluates a task split at every dimension and precision (`evaluator(dimension)` gives the evaluation at that
    /// dimension), writes each result as soon as it is done and reports them in order. The combinations are independent
    /// (each reads the shared embeddings and writes its own files), so with more than one thread they run side by side
    /// on the machine's cores; a streamed corpus evaluates them one at a time, to hold one block at a time. When one
    /// fails, the results before it are reported and its error thrown (others may have been written meanwhile).
    func record(_ task: TaskDefinition, split: String, since before: Counters, prompts: [TaskRole: PromptSelector.Choice], concurrently: Bool = true,
                evaluator: (Int) throws -> (Precision, EvaluationContext) throws -> EvaluationOutcome) throws -> [TaskResult] {
        let dataSHA256 = try DataFingerprint.sha256(of: loader.expectedFiles(task, split: split))
        let context = EvaluationContext(taskName: task.name, similarity: encoder.similarity, threads: configuration.threads,
                                        rescoreMultiplier: configuration.rescore ? configuration.rescoreMultiplier : nil)
        let combinations = try configuration.dimensions.flatMap { dimension in
            let evaluate = try evaluator(dimension)
            return configuration.precisions.map { (dimension: dimension, precision: $0, evaluate: evaluate) }
        }
        let encoding = (seconds: store.encodingSeconds - before.seconds, encoded: store.encodedCount - before.encoded,
                        reused: store.reusedCount - before.reused)
        var outcomes = [Result<TaskResult, Error>](repeating: .failure(EvalBenchError("not evaluated")), count: combinations.count)
        outcomes.withUnsafeMutableBufferPointer { outcomes in
            parallelForEach(combinations.count, threads: concurrently ? configuration.threads : 1) { i in
                let (dimension, precision, evaluate) = combinations[i]
                outcomes[i] = Result {
                    let started = Date()
                    let outcome = try evaluate(precision, context)
                    guard let main = outcome.scores[task.main_score], main.isFinite else {
                        throw EvalBenchError("task \(task.name) [\(split)] at dimension \(dimension), \(precision.rawValue): \(task.main_score) is undefined "
                            + "(every similarity or every prediction is the same, e.g. at dimension 1 or for empty texts); no result is written")
                    }
                    let result = TaskResult(
                        task: task, split: split, dimension: dimension, precision: precision, scores: outcome.scores,
                        detail: outcome.detail, dataSHA256: dataSHA256, evaluationSeconds: Date().timeIntervalSince(started),
                        encodingSeconds: encoding.seconds, encodedTexts: encoding.encoded, reusedTexts: encoding.reused, modelBytes: encoder.weightBytes,
                        prompts: prompts, notes: outcome.notes, similarity: encoder.similarity, limit: configuration.limit,
                        runtime: encoder.runtime)
                    try writer.write(result)
                    return result
                }
            }
        }
        return try outcomes.map { outcome in
            let result = try outcome.get()
            onResult(result)
            return result
        }
    }
}
