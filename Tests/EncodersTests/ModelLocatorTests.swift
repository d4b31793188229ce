import Foundation
import Testing
@testable import Encoders

@Suite struct ModelLocatorTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func cacheFolderFollowsTheEnvironment() {
        #expect(ModelLocator(environment: ["HF_HUB_CACHE": "/a", "HF_HOME": "/b", "HOME": "/c"]).hubCache.path == "/a")
        #expect(ModelLocator(environment: ["HF_HOME": "/b", "HOME": "/c"]).hubCache.path == "/b/hub")
        #expect(ModelLocator(environment: ["HOME": "/c"]).hubCache.path == "/c/.cache/huggingface/hub")
    }

    @Test func resolvesAnIdThroughRefsMain() throws {
        let cache = try temporaryFolder()
        let repo = cache.appendingPathComponent("models--org--tiny-model")
        for revision in ["aaa", "bbb"] {
            try FileManager.default.createDirectory(at: repo.appendingPathComponent("snapshots/\(revision)"), withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try "bbb\n".write(to: repo.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        let locator = ModelLocator(environment: ["HF_HUB_CACHE": cache.path])
        let found = try locator.locate("org/tiny-model")
        #expect(found.revision == "bbb" && found.name == "org/tiny-model")
        #expect(found.folder.lastPathComponent == "bbb")
        #expect(try locator.locate("org/tiny-model@aaa").folder.lastPathComponent == "aaa")
    }

    @Test func aFolderPathIsUsedAsIs() throws {
        let folder = try temporaryFolder()
        let found = try ModelLocator(environment: [:]).locate(folder.path)
        #expect(found.folder.path == folder.standardizedFileURL.path && found.revision == nil)
    }

    @Test func missingModelListsEverySearchedPlace() throws {
        let cache = try temporaryFolder()
        let message = errorMessage { _ = try ModelLocator(environment: ["HF_HUB_CACHE": cache.path]).locate("org/absent") } ?? ""
        #expect(message.hasPrefix("model 'org/absent' was not found; searched:"))
        #expect(message.contains("(as a folder)"))
        #expect(message.contains("\(cache.path)/models--org--absent/snapshots/<revision>"))
    }
}
