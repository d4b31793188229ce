import Foundation

/// A main score published in the embeddings-benchmark/results layout (`results/org__name/revision/Task.json`:
/// mteb's TaskResult, without evalbench's record), for a gate baseline: scores only, with no detail, dimension,
/// precision or weights, so a row compares main scores without an interval.
public struct PublishedScore {
    public var task: String
    public var split: String
    /// The entry's `hf_subset` (`default`, or e.g. `en` for a task with several).
    public var subset: String
    public var mainScore: Double
    /// The entry's numeric metrics (mteb also stores lists, such as `pearson: [value, p]`; those are left out).
    public var metrics: [String: Double]
    /// The Hub revision of the dataset mteb scored.
    public var datasetRevision: String
    /// The model, from `model_meta.json` beside the file or else the layout's `org__name` folder.
    public var model: String
    public var file: URL

    /// One score per (split, subset) of `file` when it is a published result (a JSON object with `task_name` and
    /// `scores` and no `evalbench` record), nil when it is not; a published file that is damaged is an error naming the
    /// file and the field.
    static func read(_ file: URL) throws -> [PublishedScore]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any],
              object["evalbench"] == nil, object["task_name"] != nil, object["scores"] != nil else { return nil }
        guard let task = object["task_name"] as? String, !task.isEmpty else { throw EvalBenchError("\(file.path): field task_name is not a name") }
        guard let splits = object["scores"] as? [String: Any], !splits.isEmpty else {
            throw EvalBenchError("\(file.path): field scores is not an object of splits (files in mteb's format before 1.11 are not read)")
        }
        let revision = object["dataset_revision"] as? String ?? "unknown"
        let model = modelName(of: file)
        var scores: [PublishedScore] = []
        for (split, value) in splits.sorted(by: { $0.key < $1.key }) {
            guard let entries = value as? [[String: Any]] else { throw EvalBenchError("\(file.path): scores.\(split) is not a list of entries") }
            for (i, entry) in entries.enumerated() {
                let field = "scores.\(split)[\(i)]"
                guard let subset = entry["hf_subset"] as? String else { throw EvalBenchError("\(file.path): \(field).hf_subset is not a string") }
                guard let main = number(entry["main_score"]), main.isFinite, (-1...1).contains(main) else {
                    throw EvalBenchError("\(file.path): \(field).main_score is not a number between -1 and 1")
                }
                let metrics = entry.compactMapValues(number).filter { $0.value.isFinite }
                scores.append(PublishedScore(task: task, split: split, subset: subset, mainScore: main, metrics: metrics,
                                             datasetRevision: revision, model: model, file: file))
            }
        }
        return scores
    }

    /// A JSON number as a Double; booleans, which JSONSerialization also gives as NSNumber, are not numbers.
    static func number(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber, !number.isBoolean else { return nil }
        return number.doubleValue
    }

    /// `name` from `model_meta.json` beside the file, else the folder two levels up (`org__name`) as `org/name`.
    static func modelName(of file: URL) -> String {
        let folder = file.deletingLastPathComponent()
        if let data = try? Data(contentsOf: folder.appendingPathComponent("model_meta.json")),
           let meta = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let name = meta["name"] as? String {
            return name
        }
        return folder.deletingLastPathComponent().lastPathComponent.replacingOccurrences(of: "__", with: "/")
    }
}
