import Foundation

/// A small file written beside its target and renamed over it, so a reader sees the old file or the whole new one
/// (the Hub cache's refs, the weights digest records; results go through EvalBenchCore's `AtomicFile`, which also
/// follows links and refuses devices).
public enum ReplacedFile {
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw FileError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileError("cannot write \(url.path): \(error)")
        }
    }
}
