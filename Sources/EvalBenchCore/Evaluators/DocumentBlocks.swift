import Kernels

/// A corpus's embeddings at one dimension, visited a block of rows at a time: one block when they sit in memory,
/// blocks of `blockSize` rows read from a file when the corpus is streamed, each in its Matryoshka view at `dimension`
/// (`EmbeddingMatrix.matryoshka`), as in memory.
struct DocumentBlocks {
    /// Where the full-dimension rows come from.
    enum Source {
        case memory(EmbeddingMatrix)
        case file(OnDiskMatrix)
    }

    let source: Source
    let dimension: Int
    let similarity: SimilarityFunction
    let blockSize: Int

    /// Documents already at their dimension, in memory: one block, as they are.
    init(_ matrix: EmbeddingMatrix) {
        source = .memory(matrix)
        dimension = matrix.dimension
        similarity = .dot
        blockSize = max(matrix.rows, 1)
    }

    /// Documents in a file, cut to `dimension` a block at a time.
    init(file: OnDiskMatrix, dimension: Int, similarity: SimilarityFunction, blockSize: Int) {
        source = .file(file)
        self.dimension = dimension
        self.similarity = similarity
        self.blockSize = blockSize
    }

    var rows: Int {
        switch source {
        case .memory(let matrix): return matrix.rows
        case .file(let file): return file.rows
        }
    }

    /// Rows `range` at this dimension.
    func block(_ range: Range<Int>) throws -> EmbeddingMatrix {
        switch source {
        case .memory(let matrix):
            if range == 0..<matrix.rows { return matrix }
            return EmbeddingMatrix(rows: range.count, dimension: dimension,
                                   values: Array(matrix.values[(range.lowerBound * dimension)..<(range.upperBound * dimension)]))
        case .file(let file):
            return try file.block(range).matryoshka(dimension, similarity: similarity)
        }
    }

    /// Calls `body` with each block's first row and its rows, in order.
    func forEach(_ body: (Int, EmbeddingMatrix) throws -> Void) throws {
        for start in stride(from: 0, to: rows, by: blockSize) { try body(start, try block(start..<min(start + blockSize, rows))) }
    }

    /// The rows at `indices`, in that order.
    func rows(at indices: [Int]) throws -> EmbeddingMatrix {
        var values: [Float] = []
        values.reserveCapacity(indices.count * dimension)
        for index in indices { values += try block(index..<(index + 1)).values }
        return EmbeddingMatrix(rows: indices.count, dimension: dimension, values: values)
    }
}
