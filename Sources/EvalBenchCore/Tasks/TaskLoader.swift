import Foundation

/// Reads a task's files into `TaskData`, with errors that name the file, the line and what was expected.
public struct TaskLoader {
    public let registry: TaskRegistry
    public let dataDirectory: URL?

    public init(registry: TaskRegistry, dataDirectory: URL?) {
        self.registry = registry
        self.dataDirectory = dataDirectory
    }

    /// The files a task needs, for listings and for the error when they are missing.
    public func expectedFiles(_ task: TaskDefinition, split: String) throws -> [URL] {
        let folder = try registry.dataFolder(of: task, dataDirectory: dataDirectory)
        switch task.format {
        case .beir:
            return ["corpus.jsonl", "queries.jsonl", "qrels/\(split).tsv"].map { folder.appendingPathComponent($0) }
        case .questionPassage:
            return [folder.appendingPathComponent(task.options.file ?? "qa_passages.jsonl")]
        case .labelledTexts where task.type == .classification:
            return [task.options.train_split ?? "train", split].map { folder.appendingPathComponent("\($0).jsonl") }
        default:
            return [folder.appendingPathComponent("\(split).jsonl")]
        }
    }

    /// Whether every file the task needs is present.
    public func isAvailable(_ task: TaskDefinition) -> Bool {
        guard let files = try? expectedFiles(task, split: task.splits[0]) else { return false }
        return files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) }
    }

    public func load(_ task: TaskDefinition, split: String) throws -> TaskData {
        let files = try expectedFiles(task, split: split)
        let missing = files.filter { !FileManager.default.fileExists(atPath: $0.path) }
        if !missing.isEmpty {
            throw EvalBenchError("task \(task.name) (split \(split)) is missing data: expected " + missing.map(\.path).joined(separator: ", ")
                + (task.data.dataset != nil ? "; put the dataset folder '\(task.data.dataset!)' under --data-dir or EVALBENCH_DATA" : "")
                + (task.source.map { " (source: \($0))" } ?? ""))
        }
        let data: TaskData
        switch task.format {
        case .beir: data = .retrieval(try loadBEIR(corpus: files[0], queries: files[1], qrels: files[2]))
        case .questionPassage: data = .retrieval(try loadQuestionPassage(files[0], options: task.options))
        case .stsPairs: data = .sts(try loadPairs(files[0], scoreField: "score", scale: task.options.score_scale ?? 1))
        case .pairs: data = .pairClassification(try loadPairs(files[0], scoreField: "label", scale: 1))
        case .rerankingRows: data = .reranking(try loadReranking(files[0]))
        case .labelledTexts where task.type == .classification:
            data = .classification(train: try loadLabelled(files[0]), test: try loadLabelled(files[1]))
        case .labelledTexts: data = .clustering(try loadLabelled(files[0]))
        }
        try Self.checkNotEmpty(data, task: task, split: split)
        return data
    }

    static func checkNotEmpty(_ data: TaskData, task: TaskDefinition, split: String) throws {
        let empty: Bool
        switch data {
        case .retrieval(let r): empty = r.corpus.isEmpty || r.qrels.isEmpty
        case .reranking(let rows): empty = rows.isEmpty
        case .sts(let pairs), .pairClassification(let pairs): empty = pairs.isEmpty
        case .classification(let train, let test): empty = train.isEmpty || test.isEmpty
        case .clustering(let texts): empty = texts.isEmpty
        }
        if empty { throw EvalBenchError("task \(task.name): split '\(split)' has no examples") }
    }

    // MARK: - Formats

    func loadBEIR(corpus: URL, queries: URL, qrels: URL) throws -> TaskData.Retrieval {
        var documents: [(id: String, text: String)] = []
        var seen = Set<String>()
        for row in try JSONLines.read(corpus) {
            let id = try row.string("_id")
            guard seen.insert(id).inserted else { throw EvalBenchError("\(corpus.path):\(row.line): duplicate document id '\(id)'") }
            let title = (row.object["title"] as? String) ?? ""
            let text = try row.string("text")
            // MTEB: title + " " + text, stripped, when a title exists.
            documents.append((id, (title.isEmpty ? text : title + " " + text).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        var questions: [(id: String, text: String)] = []
        var queryIDs = Set<String>()
        for row in try JSONLines.read(queries) {
            let id = try row.string("_id")
            guard queryIDs.insert(id).inserted else { throw EvalBenchError("\(queries.path):\(row.line): duplicate query id '\(id)'") }
            questions.append((id, try row.string("text")))
        }
        let (judgements, warnings) = try readQrels(qrels, queryIDs: queryIDs, documentIDs: seen)
        // Queries without judgements are dropped before searching (trec_eval averages over judged queries).
        questions = questions.filter { judgements[$0.id] != nil }
        return TaskData.Retrieval(corpus: documents, queries: questions, qrels: judgements, warnings: warnings)
    }

    /// qrels TSV: `query-id corpus-id score`, an optional header line; unknown ids are counted and reported.
    func readQrels(_ url: URL, queryIDs: Set<String>, documentIDs: Set<String>) throws -> ([String: [String: Int]], [String]) {
        guard let content = try? String(contentsOf: url, encoding: .utf8) else { throw EvalBenchError("\(url.path) cannot be read as UTF-8 text") }
        var qrels: [String: [String: Int]] = [:]
        var unknownDocuments = 0, unknownQueries = 0
        for (index, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            if fields.isEmpty { continue }
            if index == 0 && Int(fields.last!) == nil { continue }  // header
            guard fields.count >= 3, let score = Int(fields[fields.count - 1]) else {
                throw EvalBenchError("\(url.path):\(index + 1): expected 'query-id<TAB>corpus-id<TAB>score' with an integer score")
            }
            let (query, document) = (fields[0], fields[fields.count - 2])
            guard documentIDs.contains(document) else { unknownDocuments += 1; continue }
            guard queryIDs.contains(query) else { unknownQueries += 1; continue }
            qrels[query, default: [:]][document] = score
        }
        var warnings: [String] = []
        if unknownDocuments > 0 { warnings.append("\(url.path): \(unknownDocuments) judgements name documents not in the corpus; ignored") }
        if unknownQueries > 0 { warnings.append("\(url.path): \(unknownQueries) judgements name queries not in the queries file; ignored") }
        return (qrels, warnings)
    }

    /// MIRIAD-style rows: each question's own passage is its single relevant document; the corpus is every
    /// distinct passage plus optional distractor passages.
    func loadQuestionPassage(_ url: URL, options: TaskDefinition.Options) throws -> TaskData.Retrieval {
        let questionColumn = options.question_column ?? "question"
        let passageColumn = options.passage_column ?? "passage_text"
        let passageIDColumn = options.passage_id_column ?? "passage_id"
        let questionIDColumn = options.question_id_column ?? "qa_id"
        var corpus: [(id: String, text: String)] = []
        var passages: [String: String] = [:]
        var queries: [(id: String, text: String)] = []
        var qrels: [String: [String: Int]] = [:]
        for row in try JSONLines.read(url) {
            let passageID = try row.string(passageIDColumn), passage = try row.string(passageColumn)
            let questionID = try row.string(questionIDColumn), question = try row.string(questionColumn)
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
                let id = try row.string(passageIDColumn)
                if passages[id] == nil {
                    passages[id] = try row.string(passageColumn)
                    corpus.append((id, passages[id]!))
                }
            }
        }
        return TaskData.Retrieval(corpus: corpus, queries: queries, qrels: qrels)
    }

    func loadPairs(_ url: URL, scoreField: String, scale: Double) throws -> [TaskData.Pair] {
        try JSONLines.read(url).map { row in
            TaskData.Pair(first: try row.string("sentence1"), second: try row.string("sentence2"), score: try row.number(scoreField) / scale)
        }
    }

    func loadReranking(_ url: URL) throws -> [TaskData.RerankingQuery] {
        try JSONLines.read(url).map { row in
            let query = TaskData.RerankingQuery(query: try row.string("query"), positive: try row.strings("positive"), negative: try row.strings("negative"))
            guard !query.positive.isEmpty else { throw EvalBenchError("\(url.path):\(row.line): 'positive' is empty") }
            return query
        }
    }

    func loadLabelled(_ url: URL) throws -> [TaskData.LabelledText] {
        try JSONLines.read(url).map { row in
            guard row.object["label"] != nil, !(row.object["label"] is NSNull) else {
                throw EvalBenchError("\(url.path):\(row.line): missing label")
            }
            return TaskData.LabelledText(text: try row.string("text"), label: try row.string("label"))
        }
    }
}
