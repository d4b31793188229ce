import Foundation

extension HubClient {
    /// The folder of a sentence-transformers model at the repository's revision, with what evalbench reads of it
    /// downloaded: modules.json and each module's files, the configs, the tokenizer files and the safetensors weights.
    /// Pickled weights (`.bin`, `.pt`) are never downloaded.
    public func model(_ repo: HubRepository) throws -> URL {
        let commit = try commit(of: repo)
        let snapshot = cache.snapshot(commit, of: repo)
        if environment.offline {
            guard cache.file("config.json", commit: commit, of: repo) != nil else {
                throw HubError("HF_HUB_OFFLINE is set and the Hugging Face cache has no complete snapshot of \(repo) (\(snapshot.path))")
            }
            return snapshot
        }
        let files = try self.files(of: repo, commit: commit)
        var modules: [String] = []
        if let listed = files.first(where: { $0.path == "modules.json" }) {
            modules = try Self.modulePaths(try fetch(listed, of: repo, commit: commit))
        }
        let wanted = files.filter { Self.isModelFile($0.path, modules: modules) }
        guard wanted.contains(where: { $0.path.hasSuffix(".safetensors") && !$0.path.contains("/") }) else {
            let pickled = files.contains { $0.path.hasSuffix(".bin") || $0.path.hasSuffix(".pt") }
            throw HubError("\(repo) has no safetensors weights at its root" + (pickled ? " (only pickled .bin/.pt weights, which evalbench never loads)" : ""))
        }
        for file in wanted { _ = try fetch(file, of: repo, commit: commit) }
        return snapshot
    }

    /// The module folders modules.json names (`1_Pooling`, `2_Dense`, …; the root module's path is empty).
    static func modulePaths(_ file: URL) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: file.path),
              let modules = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw HubError("\(file.path): modules.json must be a list of modules")
        }
        return modules.compactMap { $0["path"] as? String }.filter { !$0.isEmpty && HubFile.checkPath($0) }
    }

    static let rootFiles: Set<String> = [
        "config.json", "config_sentence_transformers.json", "sentence_bert_config.json", "modules.json", "tokenizer.json",
        "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.txt", "vocab.json", "merges.txt",
        "tokenizer.model", "spiece.model", "sentencepiece.bpe.model", "model.safetensors.index.json",
    ]
    static let pickled = [".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".onnx", ".ot", ".pkl"]

    static func isModelFile(_ path: String, modules: [String]) -> Bool {
        if pickled.contains(where: { path.hasSuffix($0) }) { return false }
        if !path.contains("/") { return rootFiles.contains(path) || path.hasSuffix(".safetensors") }
        return modules.contains { path.hasPrefix($0 + "/") }
    }
}
