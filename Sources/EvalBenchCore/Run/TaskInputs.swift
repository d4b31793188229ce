import Foundation
import Kernels

/// A task's embeddings at the model's full dimension, by role, with the prompts that produced them.
struct TaskInputs {
    /// Role name → embeddings, in the order the evaluator expects (see `texts(of:)`).
    var embeddings: [String: EmbeddingMatrix]
    var prompts: [String: PromptSelector.Choice]

    init(task: TaskDefinition, data: TaskData, store: EmbeddingStore, prompts selector: PromptSelector) throws {
        embeddings = [:]
        prompts = [:]
        for (role, promptRole, texts) in Self.texts(of: data) {
            let choice = try selector.choose(task: task, role: promptRole)
            if let choice { prompts[role] = choice }
            embeddings[role] = try store.embeddings(texts, prompt: choice?.text, label: "\(task.name) \(role)")
        }
    }

    private init(embeddings: [String: EmbeddingMatrix], prompts: [String: PromptSelector.Choice]) {
        self.embeddings = embeddings
        self.prompts = prompts
    }

    /// Matryoshka view: every role's embeddings sliced to `dimension` and L2-normalised again.
    func truncated(to dimension: Int) -> [String: EmbeddingMatrix] {
        embeddings.mapValues { $0.dimension == dimension ? $0 : $0.truncated(to: dimension) }
    }

    /// The texts each role needs: (role, role for prompt selection, texts).
    static func texts(of data: TaskData) -> [(String, String?, [String])] {
        switch data {
        case .retrieval(let r):
            return [("query", "query", r.queries.map(\.text)), ("document", "document", r.corpus.map(\.text))]
        case .reranking(let rows):
            return [("query", "query", rows.map(\.query)), ("document", "document", rows.flatMap { $0.positive + $0.negative })]
        case .sts(let pairs), .pairClassification(let pairs):
            return [("first", nil, pairs.map(\.first)), ("second", nil, pairs.map(\.second))]
        case .classification(let train, let test):
            return [("train", nil, train.map(\.text)), ("test", nil, test.map(\.text))]
        case .clustering(let texts):
            return [("text", nil, texts.map(\.text))]
        }
    }
}

extension TaskData {
    /// The first `n` queries, pairs or texts (classification keeps its whole training split).
    func limited(to n: Int) -> TaskData {
        switch self {
        case .retrieval(var r):
            r.queries = Array(r.queries.prefix(n))
            let kept = Set(r.queries.map(\.id))
            r.qrels = r.qrels.filter { kept.contains($0.key) }
            return .retrieval(r)
        case .reranking(let rows): return .reranking(Array(rows.prefix(n)))
        case .sts(let pairs): return .sts(Array(pairs.prefix(n)))
        case .pairClassification(let pairs): return .pairClassification(Array(pairs.prefix(n)))
        case .classification(let train, let test): return .classification(train: train, test: Array(test.prefix(n)))
        case .clustering(let texts): return .clustering(Array(texts.prefix(n)))
        }
    }
}
