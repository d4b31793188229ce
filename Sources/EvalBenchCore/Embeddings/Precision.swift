import Kernels

/// How stored vectors are kept: as float32, as int8 with per-dimension ranges, or as packed sign bits.
public enum Precision: String, Codable, Sendable, CaseIterable {
    case float32, int8, binary

    /// Bytes one stored vector of `dimension` values takes.
    public func bytesPerVector(dimension: Int) -> Int {
        switch self {
        case .float32: return 4 * dimension
        case .int8: return dimension
        case .binary: return (dimension + 7) / 8
        }
    }
}

/// sentence-transformers' int8 rule: per-dimension [min, max] from calibration embeddings,
/// steps = (max − min) / 255, uint8 = trunc((x − min) / steps), int8 = uint8 − 128. Values outside the
/// calibrated range are clamped to it (sentence-transformers would wrap around); a dimension with no
/// spread maps to −128.
public struct Int8Calibration: Codable, Equatable, Sendable {
    public let minimums: [Float]
    public let maximums: [Float]
    /// What the ranges were fitted on, for the result file.
    public let source: String

    public static let rule = "sentence-transformers int8: uint8 = trunc((x - min) / ((max - min) / 255)) clamped to 0..255, int8 = uint8 - 128; per-dimension ranges"

    public init(fitting matrix: EmbeddingMatrix, source: String) {
        var ranges = Ranges(dimension: matrix.dimension)
        ranges.include(matrix)
        (minimums, maximums, self.source) = (ranges.low, ranges.high, source)
    }

    /// Ranges fitted over every block of a corpus (read once, a block at a time).
    init(fitting documents: DocumentBlocks, source: String) throws {
        var ranges = Ranges(dimension: documents.dimension)
        try documents.forEach { _, block in ranges.include(block) }
        (minimums, maximums, self.source) = (ranges.low, ranges.high, source)
    }

    /// Per-dimension minimum and maximum over the rows seen so far.
    struct Ranges {
        var low: [Float], high: [Float]

        init(dimension: Int) {
            low = [Float](repeating: .infinity, count: dimension)
            high = [Float](repeating: -.infinity, count: dimension)
        }

        mutating func include(_ matrix: EmbeddingMatrix) {
            for r in 0..<matrix.rows {
                for c in 0..<matrix.dimension {
                    let x = matrix.values[r * matrix.dimension + c]
                    low[c] = min(low[c], x)
                    high[c] = max(high[c], x)
                }
            }
        }
    }

    /// The int8 codes of `matrix`, held as floats so every evaluator can read them.
    public func quantize(_ matrix: EmbeddingMatrix) -> EmbeddingMatrix {
        let d = matrix.dimension
        var out = matrix.values
        for r in 0..<matrix.rows {
            for c in 0..<d {
                let steps = (maximums[c] - minimums[c]) / 255
                let code = steps > 0 ? ((matrix.values[r * d + c] - minimums[c]) / steps).rounded(.towardZero) : 0
                out[r * d + c] = min(max(code, 0), 255) - 128
            }
        }
        return EmbeddingMatrix(rows: matrix.rows, dimension: d, values: out)
    }
}
