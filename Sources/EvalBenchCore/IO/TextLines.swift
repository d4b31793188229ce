import Foundation

/// The lines of a UTF-8 text file, split on LF with a CR before it dropped (CRLF and LF files read alike; Swift's
/// String would take "\r\n" for one character and never split it), and a leading byte-order mark removed. Read a
/// megabyte at a time, so a file of any size streams through `forEach` in bounded memory. A `.gz` file is decompressed
/// as it is read.
public enum TextLines {
    public static func read(_ url: URL) throws -> [String] {
        var lines: [String] = []
        try forEach(url) { line, _ in lines.append(line) }
        return lines
    }

    /// Calls `body` with each line and its 1-based number, in order.
    public static func forEach(_ url: URL, _ body: (String, Int) throws -> Void) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw EvalBenchError("\(url.path) does not exist") }
        guard !isDirectory.boolValue else { throw EvalBenchError("\(url.path) is a folder, not a text file") }
        let chunks = try ByteChunks(url)
        var pending: [UInt8] = [], number = 0, first = true
        func emit(_ slice: ArraySlice<UInt8>) throws {
            number += 1
            let line = slice.last == 0x0D ? slice.dropLast() : slice
            guard let text = String(validating: line, as: UTF8.self) else { throw EvalBenchError("\(url.path):\(number): not UTF-8 text") }
            try body(text, number)
        }
        while true {
            let chunk = try chunks.next()
            if chunk.isEmpty { break }
            pending += chunk
            if first {
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
                first = false
            }
            guard let lastNewline = pending.lastIndex(of: 0x0A) else { continue }
            for slice in pending[..<lastNewline].split(separator: 0x0A, omittingEmptySubsequences: false) { try emit(slice) }
            pending.removeSubrange(...lastNewline)
        }
        if !pending.isEmpty { try emit(pending[...]) }
    }
}
