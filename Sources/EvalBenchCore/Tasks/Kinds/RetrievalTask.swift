import Foundation
import EvalMetrics
import Kernels

/// Retrieval (BEIR layout, or MIRIAD-style question → passage rows): queries ranked against the corpus by the
/// model's similarity, scored with trec_eval's semantics at each k.
public struct RetrievalTask: TaskKind {
    public struct Options: TaskOptions {
        public var k_values: [Int]?
        public var ignore_identical_ids: Bool?
        /// question-passage: file name and column names.
        public var file: String?
        public var question_column: String?
        public var passage_column: String?
        public var passage_id_column: String?
        public var question_id_column: String?
        /// question-passage: a JSONL file of extra distractor passages {passage_id, passage_text}.
        public var distractors_file: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case k_values, ignore_identical_ids, file, question_column, passage_column, passage_id_column, question_id_column, distractors_file
        }

        public init() {}
        public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

        public func validate() throws {
            try RankingCutoffs.validate(k_values)
            for file in [file, distractors_file].compactMap({ $0 }) { try TaskDefinition.checkName(file, "file '\(file)'") }
        }

        var kValues: [Int] { RankingCutoffs.values(k_values) }
    }

    /// Documents and queries by id, graded relevance per query.
    public struct Examples: TaskExamples {
        public var corpus: [(id: String, text: String)]
        public var queries: [(id: String, text: String)]
        public var qrels: [String: [String: Int]]
        public var warnings: [String] = []

        public var texts: [(role: TaskRole, texts: [String])] { [(.query, queries.map(\.text)), (.document, corpus.map(\.text))] }
        public var size: String { "\(queries.count) queries, \(corpus.count) docs" }

        public func limited(to n: Int) -> Examples {
            var copy = self
            copy.queries = Array(queries.prefix(n))
            let kept = Set(copy.queries.map(\.id))
            copy.qrels = qrels.filter { kept.contains($0.key) }
            return copy
        }
    }

    public static let typeName = "Retrieval"
    public static let formats: [TaskDefinition.Format] = [.beir, .questionPassage]
    public let options: Options
    public init(options: Options) { self.options = options }

    public var metrics: Set<String> { RankingCutoffs.metrics(options.kValues) }

    public func files(in folder: URL, format: TaskDefinition.Format, split: String) -> [URL] {
        switch format {
        case .questionPassage: return [folder.appendingPathComponent(options.file ?? "qa_passages.jsonl")]
        default: return ["corpus.jsonl", "queries.jsonl", "qrels/\(split).tsv"].map { folder.appendingPathComponent($0) }
        }
    }

    public func load(_ files: [URL], format: TaskDefinition.Format, task: TaskDefinition, split: String) throws -> Examples {
        format == .questionPassage
            ? try QuestionPassageReader(options: options).read(files[0])
            : try BEIRReader.read(corpus: files[0], queries: files[1], qrels: files[2])
    }

    public func evaluate(_ examples: Examples, embeddings: RoleEmbeddings, precision: Precision, context: EvaluationContext) throws -> EvaluationOutcome {
        try evaluate(queries: try embeddings(.query), documents: DocumentBlocks(try embeddings(.document)), search: Self.search(examples, context),
                     qrels: examples.qrels, precision: precision, context: context)
    }

    /// Scores queries against documents visited a block at a time (in memory, or streamed from a file).
    func evaluate(queries: EmbeddingMatrix, documents: DocumentBlocks, search: Search, qrels: [String: [String: Int]], precision: Precision,
                  context: EvaluationContext) throws -> EvaluationOutcome {
        let view = try PrecisionView(precision, calibrateOn: documents, source: "corpus documents of \(context.taskName)")
        let kValues = options.kValues
        let run = try search.run(queries: queries, documents: documents, view: view, k: kValues.max()!, rescoreMultiplier: context.rescoreMultiplier,
                                 ignoreIdenticalIDs: options.ignore_identical_ids ?? false)
        let result = try RetrievalMetrics.evaluate(run: run, qrels: qrels, kValues: kValues)
        var notes = view.notes
        notes.protocol = "trec_eval semantics (pytrec_eval), ties by document id descending"
        if precision == .binary {
            notes.rescore = context.rescoreMultiplier.map { "top k × \($0) by Hamming, rescored with the float32 query" } ?? "none"
        }
        return EvaluationOutcome(scores: result.scores, detail: .perQuery(result.perQuery), notes: notes)
    }

    public func ranking(_ examples: Examples, embeddings: RoleEmbeddings, k: Int, context: EvaluationContext) throws -> [String: [String: Double]]? {
        let documents = DocumentBlocks(try embeddings(.document))
        return try Self.search(examples, context).run(queries: try embeddings(.query), documents: documents,
                                                      view: try PrecisionView(.float32, calibrateOn: documents, source: context.taskName), k: k,
                                                      rescoreMultiplier: nil, ignoreIdenticalIDs: options.ignore_identical_ids ?? false)
    }

    /// A BEIR corpus is streamed (read, encoded and searched a block at a time) when the run asks for it or the corpus
    /// file is larger than `RunConfiguration.streamingThreshold`; everything else is evaluated in memory.
    public func run(_ task: TaskDefinition, split: String, runner: Runner) throws -> [TaskResult] {
        guard task.format == .beir, try runner.streams(task, split: split) else { return try runner.run(task, kind: self, split: split) }
        return try runner.runStreaming(task, kind: self, split: split)
    }
}

extension RetrievalTask {
    /// The search over a split's corpus with the model's similarity.
    static func search(_ examples: Examples, _ context: EvaluationContext) -> Search {
        Search(queryIDs: examples.queries.map(\.id), documentIDs: examples.corpus.map(\.id), similarity: context.similarity, threads: context.threads)
    }
}

/// BEIR's layout: corpus.jsonl, queries.jsonl and qrels/SPLIT.tsv.
enum BEIRReader {
    static func read(corpus: URL, queries: URL, qrels: URL) throws -> RetrievalTask.Examples {
        var documents: [(id: String, text: String)] = []
        var seen = Set<String>()
        try JSONLines.forEach(corpus) { row in
            documents.append(try document(row, seen: &seen))
            return true
        }
        var examples = try judgedQueries(queries, qrels: qrels, documentIDs: seen)
        examples.corpus = documents
        return examples
    }

    /// The queries and their judgements, without the corpus texts: queries without judgements are dropped before
    /// searching (trec_eval averages over judged queries).
    static func judgedQueries(_ queries: URL, qrels: URL, documentIDs: Set<String>) throws -> RetrievalTask.Examples {
        let questions = try readQueries(queries)
        let (judgements, warnings) = try readQrels(qrels, queryIDs: Set(questions.map(\.id)), documentIDs: documentIDs)
        return RetrievalTask.Examples(corpus: [], queries: questions.filter { judgements[$0.id] != nil }, qrels: judgements, warnings: warnings)
    }

    /// One corpus row: its id (checked unique against `seen`) and text, MTEB's title + " " + text, stripped, when a
    /// title exists.
    static func document(_ row: JSONLines.Row, seen: inout Set<String>) throws -> (id: String, text: String) {
        let id = try row.identifier("_id")
        guard seen.insert(id).inserted else { throw EvalBenchError("\(row.file):\(row.line): duplicate document id '\(id)'") }
        let title = try row.optionalString("title") ?? ""
        let text = try row.string("text")
        return (id, (title.isEmpty ? text : title + " " + text).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// queries.jsonl: ids unique, in file order.
    static func readQueries(_ url: URL) throws -> [(id: String, text: String)] {
        var questions: [(id: String, text: String)] = []
        var ids = Set<String>()
        for row in try JSONLines.read(url) {
            let id = try row.identifier("_id")
            guard ids.insert(id).inserted else { throw EvalBenchError("\(url.path):\(row.line): duplicate query id '\(id)'") }
            questions.append((id, try row.string("text")))
        }
        return questions
    }

    /// qrels TSV: `query-id corpus-id score`, an optional header line; unknown ids are counted and reported, a query
    /// judged twice for one document or with no relevant document at all is an error.
    static func readQrels(_ url: URL, queryIDs: Set<String>, documentIDs: Set<String>) throws -> ([String: [String: Int]], [String]) {
        var qrels: [String: [String: Int]] = [:]
        var unknownDocuments = 0, unknownQueries = 0
        for (index, line) in try TextLines.read(url).enumerated() {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            if fields.isEmpty { continue }
            if index == 0 && Int(fields.last!) == nil { continue }  // header
            guard fields.count >= 3, let score = Int(fields[fields.count - 1]), (-1000...1000).contains(score) else {
                throw EvalBenchError("\(url.path):\(index + 1): expected 'query-id<TAB>corpus-id<TAB>score' with an integer score from -1000 to 1000")
            }
            let (query, document) = (fields[0], fields[fields.count - 2])
            guard documentIDs.contains(document) else { unknownDocuments += 1; continue }
            guard queryIDs.contains(query) else { unknownQueries += 1; continue }
            guard qrels[query]?[document] == nil else {
                throw EvalBenchError("\(url.path):\(index + 1): query '\(query)' and document '\(document)' are judged twice")
            }
            qrels[query, default: [:]][document] = score
        }
        if !qrels.isEmpty && !qrels.values.contains(where: { $0.values.contains { $0 > 0 } }) {
            throw EvalBenchError("\(url.path): no judgement is above 0, so no document is relevant to any query and every score would be 0")
        }
        var warnings: [String] = []
        if unknownDocuments > 0 { warnings.append("\(url.path): \(unknownDocuments) judgements name documents not in the corpus; ignored") }
        if unknownQueries > 0 { warnings.append("\(url.path): \(unknownQueries) judgements name queries not in the queries file; ignored") }
        return (qrels, warnings)
    }
}

/// MIRIAD-style rows: each question's own passage is its single relevant document; the corpus is every distinct
/// passage plus optional distractor passages.
struct QuestionPassageReader {
    let options: RetrievalTask.Options

    func read(_ url: URL) throws -> RetrievalTask.Examples {
        let questionColumn = options.question_column ?? "question"
        let passageColumn = options.passage_column ?? "passage_text"
        let passageIDColumn = options.passage_id_column ?? "passage_id"
        let questionIDColumn = options.question_id_column ?? "qa_id"
        var corpus: [(id: String, text: String)] = []
        var passages: [String: String] = [:]
        var queries: [(id: String, text: String)] = []
        var qrels: [String: [String: Int]] = [:]
        for row in try JSONLines.read(url) {
            let passageID = try row.identifier(passageIDColumn), passage = try row.string(passageColumn)
            let questionID = try row.identifier(questionIDColumn), question = try row.string(questionColumn)
            if let existing = passages[passageID] {
                guard existing == passage else { throw EvalBenchError("\(url.path):\(row.line): passage '\(passageID)' has a different text than before") }
            } else {
                passages[passageID] = passage
                corpus.append((passageID, passage))
            }
            guard qrels[questionID] == nil else { throw EvalBenchError("\(url.path):\(row.line): duplicate question id '\(questionID)'") }
            queries.append((questionID, question))
            qrels[questionID] = [passageID: 1]
        }
        if let distractors = options.distractors_file {
            let file = url.deletingLastPathComponent().appendingPathComponent(distractors)
            for row in try JSONLines.read(file) {
                let id = try row.identifier(passageIDColumn), text = try row.string(passageColumn)
                if passages[id] == nil {
                    passages[id] = text
                    corpus.append((id, text))
                }
            }
        }
        return RetrievalTask.Examples(corpus: corpus, queries: queries, qrels: qrels)
    }
}

extension TaskDefinition.Format {
    /// corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv
    public static let beir = Self(rawValue: "beir")
    /// one JSONL file of question → passage rows (one split); each question's own passage is its relevant document
    public static let questionPassage = Self(rawValue: "question-passage")
}
