import Foundation

/// A fresh folder path under the temporary directory, created on first use; `remove()` (in a defer) deletes it.
struct TemporaryFolder {
    let url: URL

    init(_ name: String) {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-\(name)-\(UUID().uuidString)")
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
