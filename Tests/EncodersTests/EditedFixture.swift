import Foundation
@testable import Encoders

/// A copy of a fixture model folder with its config.json edited, loaded to see what the encoder says about it.
enum EditedFixture {
    /// Loads a copy of fixture `name` after `edit` has changed its config.json, and returns the error message.
    static func loadError(_ name: String, config edit: (inout [String: Any]) -> Void) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-fixture-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: GemmaReferenceTests.fixtures.appendingPathComponent(name), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configURL = folder.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as! [String: Any]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        do {
            _ = try SentenceTransformer(location: .init(folder: folder, name: "broken", revision: nil))
            return "loaded"
        } catch { return "\(error)" }
    }
}
