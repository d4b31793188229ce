import Foundation

/// The task result files under a results folder written by `evalbench run` (MTEB layout, `experiments/`
/// included): every `.json` except `model_meta.json`, `compare.json`, leaderboards, hidden files and `details/` folders.
enum ResultFiles {
    /// The files, in path order.
    static func under(_ folder: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw EvalBenchError("\(folder.path) cannot be read")
        }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "json" {
            let name = url.lastPathComponent
            if name == "model_meta.json" || name == "compare.json" || name.hasPrefix(".") || name.hasPrefix("leaderboard") || url.pathComponents.contains("details") { continue }
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
