import Encoders
import Foundation
import Kernels

/// Evaluates the same tasks through several backends of one model and measures how far apart they are:
/// each backend's scores (its results written under `output/<backend>/` as a run would), the per-text cosine
/// agreement of its embeddings with the first backend's, top-10 overlap for retrieval, and texts/s.
public final class BackendComparison {
    /// A backend under comparison: a label for the report and the encoder that reaches it.
    public struct Backend {
        public var label: String
        public var encoder: Encoder
        public init(label: String, encoder: Encoder) {
            self.label = label
            self.encoder = encoder
        }
    }

    let backends: [Backend]
    let loader: TaskLoader
    let configuration: RunConfiguration
    /// Called with each finished result of each backend (label, result).
    public var onResult: (String, TaskResult) -> Void = { _, _ in }

    /// `configuration.output` is the comparison's folder; each backend's results go to a subfolder named after it.
    public init(backends: [Backend], loader: TaskLoader, configuration: RunConfiguration) throws {
        guard backends.count >= 2 else { throw EvalBenchError("compare needs at least two backends, got \(backends.count)") }
        let labels = backends.map(\.label)
        guard Set(labels).count == labels.count else { throw EvalBenchError("backend labels must differ: \(labels.joined(separator: ", "))") }
        self.backends = backends
        self.loader = loader
        self.configuration = configuration
    }

    /// The folder a backend's results are written to.
    public func resultsFolder(of label: String) -> URL {
        let safe = String(label.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
        return configuration.output.appendingPathComponent(safe)
    }

    public func run() throws -> ComparisonReport {
        var runners: [Runner] = []
        var results: [[TaskResult]] = []
        for backend in backends {
            var own = configuration
            own.output = resultsFolder(of: backend.label)
            let runner = Runner(encoder: backend.encoder, loader: loader, configuration: own)
            runner.onResult = { [onResult] in onResult(backend.label, $0) }
            results.append(try runner.run())
            runners.append(runner)
        }
        var report = ComparisonReport(model: backends[0].encoder.identity.name, backends: zip(backends, runners).map { backend, runner in
            ComparisonReport.BackendSummary(label: backend.label, identity: backend.encoder.identity, dimension: backend.encoder.dimension,
                                            encodedTexts: runner.encodedTexts, encodingSeconds: runner.encodingSeconds)
        })
        for task in configuration.tasks {
            for split in task.splits {
                report.tasks.append(try compare(task, split: split, runners: runners, results: results))
            }
        }
        return report
    }

    /// Scores side by side, and the agreement of every other backend's embeddings with the first's, role by role.
    func compare(_ task: TaskDefinition, split: String, runners: [Runner], results: [[TaskResult]]) throws -> ComparisonReport.TaskComparison {
        var comparison = ComparisonReport.TaskComparison(task: task.name, split: split, mainScore: task.main_score)
        for dimension in configuration.dimensions {
            for precision in configuration.precisions {
                let scores = results.map { list in
                    list.first { $0.task.name == task.name && $0.split == split && $0.dimension == dimension && $0.precision == precision }?.mainScore
                }
                comparison.scores.append(.init(dimension: dimension, precision: precision.rawValue, scores: scores))
            }
        }
        try task.kind.agreement(of: task, split: split, comparison: self, runners: runners, into: &comparison)
        return comparison
    }

    /// The per-role cosine agreement of every other backend's embeddings with the first's, and top-10 overlap for
    /// retrieval. Every runner has these embeddings in memory already: nothing is encoded again.
    func agreement<K: TaskKind>(_ task: TaskDefinition, kind: K, split: String, runners: [Runner],
                                into comparison: inout ComparisonReport.TaskComparison) throws {
        let inputs = try runners.map { try $0.inputs(task, kind: kind, split: split) }
        let (examples, reference) = inputs[0]
        for (index, (_, other)) in inputs.enumerated().dropFirst() {
            for role in reference.embeddings.keys.sorted() {
                guard let mine = reference.embeddings[role], let theirs = other.embeddings[role] else { continue }
                comparison.agreement.append(.init(backend: backends[index].label, role: role.rawValue, agreement: try EmbeddingAgreement(mine, theirs)))
            }
            let context = EvaluationContext(taskName: task.name, similarity: backends[0].encoder.similarity, threads: configuration.threads)
            if let mine = try kind.ranking(examples, embeddings: RoleEmbeddings(byRole: reference.embeddings), k: 10, context: context),
               let theirs = try kind.ranking(examples, embeddings: RoleEmbeddings(byRole: other.embeddings), k: 10, context: context) {
                comparison.top10Overlap[backends[index].label] = EmbeddingAgreement.topKOverlap(mine, theirs, k: 10)
            }
        }
    }
}
