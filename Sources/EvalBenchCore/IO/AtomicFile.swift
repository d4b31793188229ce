import Foundation

/// Writes files so that a reader (or an interrupted run) sees either the old file or the whole new one: the data goes
/// to a temporary file beside the target, which is then renamed over it. A symbolic link is written through (the file
/// it points to is replaced, the link stays); a target that exists and is not a regular file (a device, a pipe, a
/// folder) is refused rather than replaced.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let target = try regularTarget(of: url)
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw EvalBenchError("cannot create the folder \(folder.path) for \(url.path): \(error.localizedDescription)")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
                throw EvalBenchError("cannot write \(temporary.path): \(String(cString: strerror(errno)))")
            }
            if rename(temporary.path, target.path) != 0 {
                throw EvalBenchError("cannot rename \(temporary.path) to \(target.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// The file `url` names once symbolic links are followed; an error when that is something other than a regular
    /// file or nothing yet.
    static func regularTarget(of url: URL) throws -> URL {
        var target = url
        for _ in 0..<40 {
            var info = stat()
            guard lstat(target.path, &info) == 0 else { return target }  // nothing there yet: a new file
            switch info.st_mode & S_IFMT {
            case S_IFREG: return target
            case S_IFLNK:
                let destination = try FileManager.default.destinationOfSymbolicLink(atPath: target.path)
                target = destination.hasPrefix("/") ? URL(fileURLWithPath: destination)
                    : target.deletingLastPathComponent().appendingPathComponent(destination)
            default:
                throw EvalBenchError("\(url.path) is not a regular file (a folder, device or pipe): give the path of a file to write")
            }
        }
        throw EvalBenchError("\(url.path): too many levels of symbolic links")
    }
}
