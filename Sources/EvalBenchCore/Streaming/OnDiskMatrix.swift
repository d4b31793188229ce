import Foundation
import Kernels

/// Float32 rows in a file (native byte order, row after row), written a chunk at a time and read back a block of
/// rows at a time with `pread`, so neither side holds more than a block in memory or address space.
final class OnDiskMatrix {
    let url: URL
    let dimension: Int
    private(set) var rows = 0
    private let descriptor: Int32

    /// Creates (or empties) the file at `url`, readable and writable by this user only.
    init(url: URL, dimension: Int) throws {
        precondition(dimension > 0, "OnDiskMatrix: dimension must be positive")
        self.url = url
        self.dimension = dimension
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        descriptor = open(url.path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw EvalBenchError("\(url.path) cannot be created: \(String(cString: strerror(errno)))") }
    }

    deinit { close(descriptor) }

    /// Appends the rows of `matrix` (of this dimension).
    func append(_ matrix: EmbeddingMatrix) throws {
        precondition(matrix.dimension == dimension, "OnDiskMatrix: appending rows of another dimension")
        try matrix.values.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let n = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(rows * dimension * 4 + written))
                guard n > 0 else { throw EvalBenchError("\(url.path) cannot be written: \(String(cString: strerror(errno)))") }
                written += n
            }
        }
        rows += matrix.rows
    }

    /// Rows `range`.
    func block(_ range: Range<Int>) throws -> EmbeddingMatrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "OnDiskMatrix: rows \(range) of \(rows)")
        var values = [Float](repeating: 0, count: range.count * dimension)
        try values.withUnsafeMutableBytes { bytes in
            var done = 0
            while done < bytes.count {
                let n = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(range.lowerBound * dimension * 4 + done))
                guard n > 0 else { throw EvalBenchError("\(url.path) cannot be read back (rows \(range)): \(n == 0 ? "it is shorter than written" : String(cString: strerror(errno)))") }
                done += n
            }
        }
        return EmbeddingMatrix(rows: range.count, dimension: dimension, values: values)
    }
}
