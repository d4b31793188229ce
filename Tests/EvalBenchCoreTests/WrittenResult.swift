import Foundation
@testable import EvalBenchCore

/// Result files a test run wrote, read back through the typed result model.
enum WrittenResult {
    /// The full-dimension float32 result file of EvalBenchSTS for all-MiniLM-L6-v2 under `output`.
    static func sts(under output: URL) throws -> ResultFile {
        let model = output.appendingPathComponent("sentence-transformers__all-MiniLM-L6-v2")
        let folder = model.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: model.path).first!)
        return try ResultFile.read(folder.appendingPathComponent("EvalBenchSTS.json"))
    }
}
