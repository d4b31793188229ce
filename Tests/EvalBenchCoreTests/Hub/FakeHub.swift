import Foundation
@testable import Hub

/// The fake Hub (FakeHub/fake_hub.py) serving Fixtures/hub, and a Hub environment pointing at it with a cache of its
/// own, removed when released.
final class FakeHub {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/hub").standardizedFileURL
    static let tinyModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/tiny-dot-bert/model").standardizedFileURL
    static let token = "hf_evalbench_fixture"

    let server: ServerProcess
    let folder = TemporaryFolder("hub")

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FakeHub/fake_hub.py")
        server = try ServerProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, Self.fixtures.path])
    }

    deinit { folder.remove() }

    var endpoint: String { server.url }
    var cache: URL { folder.url.appendingPathComponent("hf/hub") }
    var evalbenchCache: URL { folder.url.appendingPathComponent("evalbench") }

    func environment(token: String? = nil, offline: Bool = false) -> HubEnvironment {
        HubEnvironment(endpoint: URL(string: endpoint)!, token: token, offline: offline, cache: cache)
    }

    /// The variables an `evalbench` process needs to use this Hub and these caches.
    func variables(token: String? = nil, offline: Bool = false) -> [String: String?] {
        ["HF_ENDPOINT": endpoint, "HF_HUB_CACHE": cache.path, "HF_HOME": folder.url.appendingPathComponent("hf").path,
         "HF_TOKEN": token, "HF_TOKEN_PATH": nil, "HF_HUB_OFFLINE": offline ? "1" : nil, "EVALBENCH_CACHE": evalbenchCache.path]
    }

    /// How many times the fake Hub has sent a file's content (`datasets/org/name/path`).
    func downloads(_ key: String) -> Int {
        (try? String(contentsOf: URL(string: "\(endpoint)/count/\(key)")!, encoding: .utf8)).flatMap { Int($0) } ?? -1
    }
}
