import Foundation
import Kernels
import EvalMetrics

/// Scores of one task at one dimension and precision, with the detail a regression gate needs and the
/// facts the result file records.
struct EvaluationOutcome {
    var scores: [String: Double]
    var detail: [String: Any]
    var notes: [String: Any]
}

/// Dispatches a task to its evaluator. Embeddings arrive by role at the evaluated dimension, in float32;
/// the precision view is applied here, with int8 ranges fitted on the task's calibration side.
enum Evaluation {
    static func evaluate(task: TaskDefinition, data: TaskData, embeddings: [String: EmbeddingMatrix], precision: Precision,
                         configuration: RunConfiguration) throws -> EvaluationOutcome {
        let options = task.options
        switch data {
        case .retrieval(let r):
            let view = PrecisionView(precision, calibrateOn: embeddings["document"]!, source: "corpus documents of \(task.name)")
            let search = Search(queryIDs: r.queries.map(\.id), documentIDs: r.corpus.map(\.id), threads: configuration.threads)
            let kValues = options.k_values ?? RetrievalMetrics.defaultKValues
            let run = search.run(queries: embeddings["query"]!, documents: embeddings["document"]!, precision: precision, view: view,
                                 k: kValues.max()!, rescoreMultiplier: configuration.rescore ? configuration.rescoreMultiplier : nil,
                                 ignoreIdenticalIDs: options.ignore_identical_ids ?? false)
            let result = try RetrievalMetrics.evaluate(run: run, qrels: r.qrels, kValues: kValues)
            var notes = view.notes
            notes["protocol"] = "trec_eval semantics (pytrec_eval), ties by document id descending"
            if precision == .binary { notes["rescore"] = configuration.rescore ? "top k × \(configuration.rescoreMultiplier) by Hamming, rescored with the float32 query" : "none" }
            return EvaluationOutcome(scores: result.scores, detail: ["per_query": result.perQuery], notes: notes)

        case .reranking(let rows):
            return try Reranking.evaluate(rows: rows, embeddings: embeddings, precision: precision, configuration: configuration, task: task)

        case .sts(let pairs):
            let view = PrecisionView(precision, calibrateOn: stacked(embeddings["first"]!, embeddings["second"]!), source: "both sides of the pairs of \(task.name)")
            let result = try STSMetrics.evaluate(first: vectors(view.apply(embeddings["first"]!)), second: vectors(view.apply(embeddings["second"]!)),
                                                 gold: pairs.map(\.score))
            return EvaluationOutcome(scores: result.scores, detail: ["gold": pairs.map(\.score), "similarities": result.similarities], notes: view.notes)

        case .pairClassification(let pairs):
            let view = PrecisionView(precision, calibrateOn: stacked(embeddings["first"]!, embeddings["second"]!), source: "both sides of the pairs of \(task.name)")
            let labels = try pairs.map { pair -> Int in
                guard pair.score == 0 || pair.score == 1 else { throw EvalBenchError("task \(task.name): pair labels must be 0 or 1, got \(pair.score)") }
                return Int(pair.score)
            }
            let result = try PairClassificationMetrics.evaluate(first: vectors(view.apply(embeddings["first"]!)),
                                                                second: vectors(view.apply(embeddings["second"]!)), labels: labels)
            return EvaluationOutcome(scores: result.scores, detail: ["labels": labels, "similarities": result.similarities], notes: view.notes)

        case .classification(let train, let test):
            let view = PrecisionView(precision, calibrateOn: embeddings["train"]!, source: "training split of \(task.name)")
            let seed = options.seed ?? 42, experiments = options.n_experiments ?? 10, samples = options.samples_per_label ?? 8
            let result = try ClassificationMetrics.evaluate(
                train: vectors(view.apply(embeddings["train"]!)), trainLabels: train.map(\.label),
                test: vectors(view.apply(embeddings["test"]!)), testLabels: test.map(\.label),
                samplesPerLabel: samples, experiments: experiments, seed: seed)
            var notes = view.notes
            notes["seed"] = seed
            notes["protocol"] = "logistic regression (L2, C = 1, L-BFGS, 100 iterations), \(experiments) experiments, \(samples) training samples per label"
            return EvaluationOutcome(scores: result.scores, detail: ["per_experiment": result.perExperiment], notes: notes)

        case .clustering(let texts):
            let view = PrecisionView(precision, calibrateOn: embeddings["text"]!, source: "texts of \(task.name)")
            let seed = options.seed ?? 42, rounds = options.n_experiments ?? 10
            let result = try ClusteringMetrics.evaluate(vectors: vectors(view.apply(embeddings["text"]!)), labels: texts.map(\.label),
                                                        rounds: rounds, seed: seed)
            var notes = view.notes
            notes["seed"] = seed
            notes["protocol"] = "mini-batch k-means (k-means++, batch 500), k = number of labels, \(rounds) seeded rounds over the whole set"
            return EvaluationOutcome(scores: result.scores, detail: ["per_round": result.perRound], notes: notes)
        }
    }

    static func vectors(_ m: EmbeddingMatrix) throws -> Vectors {
        try Vectors(rows: m.rows, dimension: m.dimension, values: m.values)
    }

    static func stacked(_ a: EmbeddingMatrix, _ b: EmbeddingMatrix) -> EmbeddingMatrix {
        EmbeddingMatrix(rows: a.rows + b.rows, dimension: a.dimension, values: a.values + b.values)
    }
}
