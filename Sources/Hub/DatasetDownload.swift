import Foundation

extension HubClient {
    /// A dataset repository at a commit: its data files and the README that may declare its configs.
    public struct Dataset {
        public let repo: HubRepository
        public let commit: String
        public let files: [HubFile]
        public let layout: DatasetFiles
    }

    /// The dataset's listing and README (downloaded into the cache), from which its configs' files are resolved.
    public func dataset(_ repo: HubRepository) throws -> Dataset {
        let commit = try commit(of: repo)
        let files = try self.files(of: repo, commit: commit)
        var readme: String?
        if let card = files.first(where: { $0.path == "README.md" }) {
            readme = try String(contentsOf: try fetch(card, of: repo, commit: commit), encoding: .utf8)
        }
        return Dataset(repo: repo, commit: commit, files: files, layout: try DatasetFiles(files: files.map(\.path), readme: readme))
    }

    /// The local copies of the files holding `split` of `config`, downloaded as needed.
    public func files(of dataset: Dataset, config: String?, split: String?) throws -> [URL] {
        try dataset.layout.paths(config: config, split: split).map { try fetch($0, of: dataset) }
    }

    /// The local copy of one file of the dataset, downloaded unless the cache has it.
    public func fetch(_ path: String, of dataset: Dataset) throws -> URL {
        guard let file = dataset.files.first(where: { $0.path == path }) else { throw HubError("\(dataset.repo): no file \(path)") }
        return try fetch(file, of: dataset.repo, commit: dataset.commit)
    }
}
