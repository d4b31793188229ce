import Foundation
import Kernels

/// One kind of task (MTEB's task types: Retrieval, STS, ...): which data layouts it reads and how, the roles whose
/// texts it embeds, how `--limit` cuts a split, how it is evaluated, and the detail the gate resamples. Adding a kind
/// is one file conforming to this protocol and its line in `TaskKinds.all`.
public protocol TaskKind: Sendable {
    /// The kind's evaluation options, decoded strictly from the task file's `evaluation` object.
    associatedtype Options: TaskOptions
    /// One split's examples.
    associatedtype Examples: TaskExamples

    /// MTEB's name of the type, the task file's `type` (`Retrieval`).
    static var typeName: String { get }
    /// The data layouts the kind reads.
    static var formats: [TaskDefinition.Format] { get }

    var options: Options { get }
    init(options: Options)

    /// The metrics `evaluate` reports with these options: a task's `main_score` must be one of them.
    var metrics: Set<String> { get }
    /// The files one split needs, in `folder`.
    func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL]
    /// Reads and checks one split (the files `files` named), with errors naming the file, line and field; the loader
    /// refuses a split where a role has no texts.
    func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples
    /// Scores one split at one dimension and precision from its embeddings by role.
    func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome
    /// Each query's `k` best documents in float32 for kinds that rank a corpus (`compare`'s top-k overlap); nil for
    /// the others.
    func ranking(_ examples: Examples, embeddings: RoleEmbeddings, k: Int, context: EvaluationContext) throws -> [String: [String: Double]]?
    /// Runs one split through `runner` (in memory, unless the kind streams a large corpus).
    func run(_ task: TaskDefinition, split: String, runner: Runner) throws -> [TaskResult]
}

extension TaskKind {
    public func ranking(_ examples: Examples, embeddings: RoleEmbeddings, k: Int, context: EvaluationContext) throws -> [String: [String: Double]]? {
        nil
    }
}

/// A kind's options: every key of `evaluation` is known (`keys`), every value checked (`validate`).
public protocol TaskOptions: Decodable, Sendable, Equatable {
    /// The options of a task file without `evaluation` (MTEB's defaults).
    init()
    /// The keys `evaluation` may hold.
    static var keys: [String] { get }
    /// Throws naming the option when a value is out of its range.
    func validate() throws
}

/// One split's examples, as a kind loaded them.
public protocol TaskExamples {
    /// The texts each role embeds, in the order `evaluate` reads their embeddings.
    var texts: [(role: TaskRole, texts: [String])] { get }
    /// The first `n` queries, pairs or test texts (a quick look, not a comparable score).
    func limited(to n: Int) -> Self
    /// Number of examples, for listings.
    var size: String { get }
    /// Problems found while loading that did not stop it (qrels naming unknown ids, ...).
    var warnings: [String] { get }
}

extension TaskExamples {
    public var warnings: [String] { [] }
}

/// The sides of a task whose texts are embedded.
public enum TaskRole: String, Sendable, CaseIterable, Comparable {
    case query, document, first, second, train, test, text
    /// Summarization's two sides, embedded without a prompt type as mteb's SummarizationEvaluator encodes them.
    case humanSummary = "human_summary", machineSummary = "machine_summary"

    /// The role prompts are chosen by (MTEB's prompt types `query` and `document`); nil for symmetric texts.
    public var promptType: String? { self == .query || self == .document ? rawValue : nil }

    public static func < (a: TaskRole, b: TaskRole) -> Bool { a.rawValue < b.rawValue }
}

/// One task split's embeddings at one dimension, by role.
public struct RoleEmbeddings {
    public var byRole: [TaskRole: EmbeddingMatrix]

    /// The embeddings of `role`; the kinds ask only for roles their examples named.
    public func callAsFunction(_ role: TaskRole) throws -> EmbeddingMatrix {
        guard let matrix = byRole[role] else { throw EvalBenchError("no embeddings for role \(role.rawValue)") }
        return matrix
    }
}

/// What an evaluation needs besides the examples and embeddings.
public struct EvaluationContext {
    public var taskName: String
    /// The model's similarity function, applied wherever a kind ranks or correlates.
    public var similarity: SimilarityFunction
    public var threads: Int
    /// Binary retrieval: rescore the top k × `rescoreMultiplier` Hamming candidates with the float32 query.
    public var rescoreMultiplier: Int? = nil
}

/// Scores of one task at one dimension and precision, with the detail a regression gate needs and the
/// facts the result file records.
public struct EvaluationOutcome {
    public var scores: [String: Double]
    public var detail: TaskDetail
    public var notes: ResultNotes
}
