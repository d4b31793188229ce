import Foundation

/// The lines of a UTF-8 text file, split on LF with a CR before it dropped (CRLF and LF files read alike; Swift's
/// String would take "\r\n" for one character and never split it), and a leading byte-order mark removed.
public enum TextLines {
    public static func read(_ url: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw EvalBenchError("\(url.path) does not exist") }
        guard !isDirectory.boolValue else { throw EvalBenchError("\(url.path) is a folder, not a text file") }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw EvalBenchError("\(url.path) cannot be read") }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines: [String] = []
        for (index, slice) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = slice.last == 0x0D ? slice.dropLast() : slice
            guard let text = String(validating: line, as: UTF8.self) else {
                throw EvalBenchError("\(url.path):\(index + 1): not UTF-8 text")
            }
            lines.append(text)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
