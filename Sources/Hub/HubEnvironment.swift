import Foundation

/// Where the Hub is and how to reach it, read from the environment as huggingface_hub reads it: `HF_ENDPOINT`,
/// `HF_TOKEN` (else the token file at `HF_TOKEN_PATH`, else `HF_HOME/token`), `HF_HUB_OFFLINE`, and the cache folder
/// (`HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`).
public struct HubEnvironment: Sendable {
    public var endpoint: URL
    /// Sent as `Authorization: Bearer …`; never printed or written anywhere.
    public var token: String?
    /// Nothing is asked of the Hub: only what the cache holds is used.
    public var offline: Bool
    public var cache: URL

    public init(endpoint: URL, token: String?, offline: Bool, cache: URL) {
        self.endpoint = endpoint
        self.token = token
        self.offline = offline
        self.cache = cache
    }

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        let hfHome = environment["HF_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".cache/huggingface")
        let endpointText = (environment["HF_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://huggingface.co")
        endpoint = URL(string: endpointText.hasSuffix("/") ? String(endpointText.dropLast()) : endpointText)
            ?? URL(string: "https://huggingface.co")!
        if let token = environment["HF_TOKEN"], !token.isEmpty {
            self.token = token
        } else {
            let file = environment["HF_TOKEN_PATH"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) } ?? hfHome.appendingPathComponent("token")
            let stored = (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            token = (stored?.isEmpty ?? true) ? nil : stored
        }
        offline = ["1", "on", "yes", "true"].contains((environment["HF_HUB_OFFLINE"] ?? "").lowercased())
        if let cache = environment["HF_HUB_CACHE"], !cache.isEmpty {
            self.cache = URL(fileURLWithPath: cache)
        } else {
            cache = hfHome.appendingPathComponent("hub")
        }
    }
}
