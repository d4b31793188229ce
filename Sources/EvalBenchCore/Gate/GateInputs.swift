import Foundation

/// One split of one result file, read back for the regression gate: the row it fills, its main score, what
/// must match on the other side, and the detail the paired bootstrap resamples.
public struct GateResult {
    /// What a gate row compares: the same task, split, dimension, precision and weights variant on both sides.
    /// The model's name and revision are not part of it: a gate compares a model change.
    public struct Key: Hashable, Comparable, CustomStringConvertible {
        public var task: String
        public var split: String
        public var dimension: Int
        public var precision: String
        /// Weights variant: f32, q8, q4, int8-channel (+embeddings).
        public var weights: String

        public init(task: String, split: String, dimension: Int, precision: String, weights: String) {
            self.task = task
            self.split = split
            self.dimension = dimension
            self.precision = precision
            self.weights = weights
        }

        public var description: String { "\(task) [\(split)] dim \(dimension) \(precision) weights \(weights)" }

        public static func < (a: Key, b: Key) -> Bool {
            func order(_ k: Key) -> (String, String, String, Int, Int) {
                (k.task, k.split, k.weights == "f32" ? "" : k.weights, -k.dimension, Precision.allCases.firstIndex { $0.rawValue == k.precision } ?? 9)
            }
            return order(a) < order(b)
        }
    }

    public var key: Key
    /// The split's `hf_subset` (a published baseline is matched by it).
    public var subset: String
    /// The result file this was read from.
    public var file: URL
    public var model: String
    public var revision: String
    /// The metric the main score is (`evalbench.main_score_name`), e.g. `ndcg_at_10`.
    public var mainScoreName: String
    public var mainScore: Double
    /// SHA-256 over the task's data files (`evalbench.data_sha256`); both sides of a row must agree.
    public var dataSHA256: String
    /// `evalbench run --limit`, when one was given; both sides of a row must agree.
    public var limit: Int?
    public var detail: GateDetail
}

/// Reads one side of the gate: what `evalbench run` wrote (every task result file under a results folder, the files
/// the leaderboard reads, `ResultFiles`, or one result file, with each file's detail from the `details/` folder
/// beside it), or scores published in the embeddings-benchmark/results layout.
public enum GateInputs {
    /// What one side holds.
    public enum Side {
        case results([GateResult])
        case published([PublishedScore])

        public var isEmpty: Bool {
            switch self {
            case .results(let results): return results.isEmpty
            case .published(let scores): return scores.isEmpty
            }
        }
    }

    /// The results under `path`, a results folder or a single result file.
    public static func read(_ path: URL) throws -> Side {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw EvalBenchError("\(path.path) does not exist: give a results folder written by `evalbench run`, or one of its result files")
        }
        let files = isFolder.boolValue ? try ResultFiles.under(path) : [path]
        var published: [PublishedScore] = [], firstPublished: URL?, ours: [URL] = []
        for file in files {
            if let scores = try PublishedScore.read(file) {
                published += scores
                firstPublished = firstPublished ?? file
            } else {
                ours.append(file)
            }
        }
        guard let firstPublished else { return .results(try ours.flatMap(read(file:))) }
        guard ours.isEmpty else {
            throw EvalBenchError("\(path.path) holds both published scores (\(firstPublished.path)) and other files (\(ours[0].path)): "
                + "give a folder of one kind")
        }
        return .published(published)
    }

    /// The results `evalbench run` wrote under `path` (a results folder or one result file).
    public static func results(_ path: URL) throws -> [GateResult] {
        guard case .results(let results) = try read(path) else {
            throw EvalBenchError("\(path.path) holds published scores, not results written by `evalbench run`")
        }
        return results
    }

    /// One result per split of the result file at `file`. A main score outside its metric's range, or one that the
    /// detail beside it recomputes to another value, makes the file unusable: the gate takes the delta from the main
    /// scores and the interval from the detail, so the two must agree.
    static func read(file: URL) throws -> [GateResult] {
        let result = try ResultFile.read(file)
        let info = result.evalbench
        guard !result.scores.isEmpty else { throw EvalBenchError("\(file.path): field scores holds no split") }
        let detailFile = file.deletingLastPathComponent().appendingPathComponent("details").appendingPathComponent(file.lastPathComponent)
        let detail = result.scores.count == 1
            ? try GateDetail.read(detailFile, mainScoreName: info.main_score_name)
            : .unavailable("\(detailFile.path) holds one split and \(file.lastPathComponent) has \(result.scores.count)")

        return try result.scores.keys.sorted().map { split in
            guard let entries = result.scores[split], entries.count == 1, let entry = entries.first else {
                throw EvalBenchError("\(file.path): scores.\(split) holds \(result.scores[split]?.count ?? 0) entries; `evalbench run` writes one per split")
            }
            let main = entry.main_score
            let range = Self.range(of: info.main_score_name)
            guard range.contains(main) else {
                throw EvalBenchError("\(file.path): main_score \(main) is outside \(range.lowerBound)…\(range.upperBound), the range of \(info.main_score_name)")
            }
            if let metric = entry.metrics[info.main_score_name], let value = metric, abs(value - main) > 1e-6 {
                throw EvalBenchError("\(file.path): main_score \(main) is not the file's own \(info.main_score_name) \(value)")
            }
            // Both come from the same evaluation, stored to 6 decimals: they agree to far better than 1e-4.
            if let recomputed = detail.mainScore, !(abs(recomputed - main) <= 1e-4) {
                throw EvalBenchError("\(file.path): main_score \(main) disagrees with \(String(format: "%.6f", recomputed)) recomputed from "
                    + "\(detailFile.lastPathComponent) in details/: one of the two was changed")
            }
            return GateResult(
                key: .init(task: result.task_name, split: split, dimension: info.embed_dim, precision: info.precision, weights: info.model.weights),
                subset: entry.hf_subset, file: file, model: info.model.name, revision: info.model.revision ?? "no_revision_available",
                mainScoreName: info.main_score_name, mainScore: main, dataSHA256: info.data_sha256, limit: info.limit, detail: detail)
        }
    }

    /// The values a main metric can take: correlations −1…1, every other MTEB main score 0…1.
    static func range(of metric: String) -> ClosedRange<Double> {
        metric.hasSuffix("pearson") || metric.hasSuffix("spearman") ? -1...1 : 0...1
    }
}
