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

/// Reads what `evalbench run` wrote, for the gate: every task result file under a results folder (the files
/// the leaderboard reads, `ResultFiles`), or one result file, with each file's detail from the `details/`
/// folder beside it.
public enum GateInputs {
    /// The results under `path`, a results folder or a single result file.
    public static func read(_ path: URL) throws -> [GateResult] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw EvalBenchError("\(path.path) does not exist: give a results folder written by `evalbench run`, or one of its result files")
        }
        guard isFolder.boolValue else { return try read(file: path) }
        return try ResultFiles.under(path).flatMap(read(file:))
    }

    /// One result per split of the result file at `file`.
    static func read(file: URL) throws -> [GateResult] {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] else {
                throw EvalBenchError("\(file.path): not a JSON object")
            }
            object = parsed
        } catch let error as EvalBenchError {
            throw error
        } catch {
            throw EvalBenchError("\(file.path) cannot be read as JSON: \(error.localizedDescription)")
        }
        func missing(_ field: String, _ what: String) -> EvalBenchError {
            EvalBenchError("\(file.path): field \(field) is missing or not \(what); is this a result file written by `evalbench run`?")
        }
        guard let task = object["task_name"] as? String else { throw missing("task_name", "a string") }
        guard let info = object["evalbench"] as? [String: Any] else { throw missing("evalbench", "an object") }
        guard let dimension = info["embed_dim"] as? Int else { throw missing("evalbench.embed_dim", "an integer") }
        guard let precision = info["precision"] as? String else { throw missing("evalbench.precision", "a string") }
        guard let dataSHA256 = info["data_sha256"] as? String else { throw missing("evalbench.data_sha256", "a string") }
        guard let mainScoreName = info["main_score_name"] as? String else { throw missing("evalbench.main_score_name", "a string") }
        guard let scores = object["scores"] as? [String: Any], !scores.isEmpty else { throw missing("scores", "an object with a split") }
        let model = info["model"] as? [String: Any] ?? [:]
        let weights = model["weights"] as? String ?? "f32"
        let limit = info["limit"] as? Int

        let detailFile = file.deletingLastPathComponent().appendingPathComponent("details").appendingPathComponent(file.lastPathComponent)
        let detail = scores.count == 1
            ? GateDetail.read(detailFile, mainScoreName: mainScoreName)
            : .unavailable("\(detailFile.path) holds one split and \(file.lastPathComponent) has \(scores.count)")

        return try scores.keys.sorted().map { split in
            guard let entries = scores[split] as? [[String: Any]], let entry = entries.first else {
                throw missing("scores.\(split)", "a non-empty list")
            }
            guard let main = entry["main_score"] as? Double, main.isFinite else { throw missing("scores.\(split)[0].main_score", "a number") }
            return GateResult(
                key: .init(task: task, split: split, dimension: dimension, precision: precision, weights: weights), file: file,
                model: model["name"] as? String ?? "?", revision: model["revision"] as? String ?? "no_revision_available",
                mainScoreName: mainScoreName, mainScore: main, dataSHA256: dataSHA256, limit: limit, detail: detail)
        }
    }
}
