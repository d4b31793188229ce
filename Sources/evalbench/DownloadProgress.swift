import Foundation

/// A download's progress on stderr: a line per file when it starts and ends, and every 5 seconds between.
enum DownloadProgress {
    private static let state = State()

    @Sendable static func report(_ path: String, _ held: Int64, _ total: Int64) {
        state.report(path, held, total)
    }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var file = ""
        private var last = Date.distantPast

        func report(_ path: String, _ held: Int64, _ total: Int64) {
            lock.withLock {
                let now = Date()
                let done = held >= total
                guard path != file || done || now.timeIntervalSince(last) >= 5 else { return }
                file = done ? "" : path
                last = now
                let line = String(format: "[download] %@: %.1f of %.1f MB%@\n", path, Double(held) / 1e6, Double(total) / 1e6, done ? ", done" : "")
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }
}
