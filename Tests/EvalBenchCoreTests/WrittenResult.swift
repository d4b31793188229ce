import Foundation

/// Result files a test run wrote, read back as MTEB's JSON.
enum WrittenResult {
    /// The full-dimension float32 result file of EvalBenchSTS for all-MiniLM-L6-v2 under `output`: its `evalbench`
    /// object and main score.
    static func sts(under output: URL) throws -> (info: [String: Any], mainScore: Double?) {
        let model = output.appendingPathComponent("sentence-transformers__all-MiniLM-L6-v2")
        let folder = model.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: model.path).first!)
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("EvalBenchSTS.json"))) as! [String: Any]
        let entry = ((file["scores"] as! [String: Any])["test"] as! [[String: Any]])[0]
        return (file["evalbench"] as! [String: Any], entry["main_score"] as? Double)
    }
}
