import CZlib
import Foundation

/// A file's bytes a megabyte at a time; a `.gz` file's decompressed bytes (gzip members one after another, as gzip
/// writes them), so every reader of lines takes `jsonl.gz` as it takes `jsonl`.
final class ByteChunks {
    private let url: URL
    private let handle: FileHandle
    private var inflater: Inflater?

    init(_ url: URL) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw EvalBenchError("\(url.path) cannot be read") }
        self.url = url
        self.handle = handle
        if url.pathExtension.lowercased() == "gz" { inflater = try Inflater(url) }
    }

    deinit { try? handle.close() }

    /// The next bytes; empty at the end.
    func next() throws -> Data {
        guard let inflater else { return try read() }
        while true {
            if let output = try inflater.output(), !output.isEmpty { return output }
            let input = try read()
            if input.isEmpty { return try inflater.finish() }
            inflater.feed(input)
        }
    }

    private func read() throws -> Data {
        do { return try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw EvalBenchError("\(url.path) cannot be read: \(error)") }
    }
}

/// zlib's inflate over gzip input fed in pieces.
private final class Inflater {
    private var stream = z_stream()
    private var input: [UInt8] = []
    private var position = 0
    private var ended = false
    private let url: URL

    init(_ url: URL) throws {
        self.url = url
        // 15 + 16: a gzip wrapper, the largest window.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw EvalBenchError("\(url.path): zlib cannot start")
        }
    }

    deinit { inflateEnd(&stream) }

    func feed(_ data: Data) {
        input = Array(input[position...]) + data
        position = 0
    }

    /// Decompressed bytes from the input held, or nil when more input is needed.
    func output() throws -> Data? {
        guard position < input.count else { return nil }
        var out = [UInt8](repeating: 0, count: 1 << 20)
        let (status, consumed, produced) = input.withUnsafeMutableBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress! + position
                stream.avail_in = UInt32(source.count - position)
                stream.next_out = target.baseAddress!
                stream.avail_out = UInt32(target.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, source.count - position - Int(stream.avail_in), target.count - Int(stream.avail_out))
            }
        }
        position += consumed
        switch status {
        case Z_STREAM_END:
            // Another gzip member may follow.
            ended = true
            if position < input.count { inflateReset(&stream); ended = false }
        case Z_OK, Z_BUF_ERROR: ended = false
        default:
            throw EvalBenchError("\(url.path): not valid gzip data (zlib: \(stream.msg.map { String(cString: $0) } ?? "error \(status)"))")
        }
        if produced == 0 && consumed == 0 { return nil }
        return Data(out[..<produced])
    }

    /// The end of the file: an error when the last member was cut short.
    func finish() throws -> Data {
        guard ended || (input.isEmpty && stream.total_in == 0) else { throw EvalBenchError("\(url.path): the gzip data ends early (a truncated file?)") }
        return Data()
    }
}
