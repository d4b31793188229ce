import ArgumentParser
import Foundation
import Hub

/// `evalbench download`: a model's sentence-transformers files, or a dataset's files, into the Hugging Face cache.
struct DownloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download a model (or with --dataset a dataset) from the Hugging Face Hub into its cache.",
        discussion: "Honours HF_ENDPOINT, HF_TOKEN (or the token file), HF_HUB_OFFLINE, HF_HOME and HF_HUB_CACHE. Prints the snapshot folder.")

    @Argument(help: "ORG/NAME[@REVISION]")
    var repository: String

    @Flag(help: "The repository is a dataset: download all of its data files.")
    var dataset = false

    func run() throws {
        let client = HubClient(progress: DownloadProgress.report)
        do {
            if dataset {
                let repo = try HubRepository(parsing: repository, kind: .dataset)
                let listing = try client.dataset(repo)
                for file in listing.files where DatasetFiles.isData(file.path) {
                    _ = try client.fetch(file, of: repo, commit: listing.commit)
                }
                print(client.cache.snapshot(listing.commit, of: repo).path)
            } else {
                print(try client.model(try HubRepository(parsing: repository)).path)
            }
        } catch let error as HubError {
            throw ValidationError(error.description)
        }
    }
}
