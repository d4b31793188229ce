import Common
import Foundation

/// What the report page plots of an `evalbench compare` folder: each backend's agreement with the first backend,
/// read back from `compare.json`.
struct ComparisonSummary {
    /// One backend's embeddings of one task role against the first backend's.
    struct Agreement {
        var task: String
        var backend: String
        var role: String
        var meanCosine: Double
        var minimumCosine: Double
    }

    var reference: String
    var agreements: [Agreement]

    /// The summary of `folder/compare.json`, nil when the folder holds none; a damaged file is an error naming it.
    static func read(_ folder: URL) throws -> ComparisonSummary? {
        let file = folder.appendingPathComponent("compare.json")
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        struct Written: Decodable {
            struct Backend: Decodable { var label: String }
            struct Task: Decodable {
                struct Row: Decodable {
                    struct Numbers: Decodable {
                        var mean: Double?, minimum: Double?
                        enum CodingKeys: String, CodingKey { case mean = "mean_cosine", minimum = "min_cosine" }
                        // NaN is written as the string "nan": not a number to plot.
                        init(from decoder: Swift.Decoder) throws {
                            let container = try decoder.container(keyedBy: CodingKeys.self)
                            mean = try? container.decode(Double.self, forKey: .mean)
                            minimum = try? container.decode(Double.self, forKey: .minimum)
                        }
                    }
                    var backend: String, role: String, agreement: Numbers
                }
                var task: String, split: String, agreement: [Row]
            }
            var backends: [Backend], tasks: [Task]
        }
        let written: Written
        do {
            written = try JSONDecoder().decode(Written.self, from: Data(contentsOf: file))
        } catch let error as DecodingError {
            throw EvalBenchError("\(file.path) is not a compare.json written by `evalbench compare`: \(error.summary)")
        }
        guard let first = written.backends.first else { throw EvalBenchError("\(file.path): field backends is empty") }
        let agreements = written.tasks.flatMap { task in
            task.agreement.compactMap { row -> Agreement? in
                guard let mean = row.agreement.mean, let minimum = row.agreement.minimum else { return nil }
                return Agreement(task: "\(task.task) [\(task.split)]", backend: row.backend, role: row.role, meanCosine: mean, minimumCosine: minimum)
            }
        }
        return ComparisonSummary(reference: first.label, agreements: agreements)
    }
}
