import EvalMetrics
import Kernels

/// Turns full-precision embeddings into what a given stored precision gives an evaluator, and says how.
/// int8 ranges are fitted on the calibration side only (the corpus for retrieval) and applied to every side.
struct PrecisionView {
    let precision: Precision
    let calibration: Int8Calibration?

    init(_ precision: Precision, calibrateOn side: EmbeddingMatrix, source: String) {
        self.precision = precision
        calibration = precision == .int8 ? Int8Calibration(fitting: side, source: source) : nil
    }

    /// int8 ranges fitted on a corpus read a block at a time.
    init(_ precision: Precision, calibrateOn documents: DocumentBlocks, source: String) throws {
        self.precision = precision
        calibration = precision == .int8 ? try Int8Calibration(fitting: documents, source: source) : nil
    }

    /// The vectors an evaluator reads: float32 as is, int8 codes as floats, binary as ±1.
    func apply(_ m: EmbeddingMatrix) -> EmbeddingMatrix {
        switch precision {
        case .float32: return m
        case .int8: return calibration!.quantize(m)
        case .binary: return BinaryMatrix(m).unpacked()
        }
    }

    /// The vectors an evaluator of the metrics reads.
    func vectors(_ m: EmbeddingMatrix) throws -> Vectors {
        let viewed = apply(m)
        return try Vectors(rows: viewed.rows, dimension: viewed.dimension, values: viewed.values)
    }

    /// What the result file records about the quantisation.
    var notes: ResultNotes {
        var notes = ResultNotes()
        switch precision {
        case .float32: break
        case .int8: notes.quantization = .init(rule: Int8Calibration.rule, calibration_source: calibration?.source)
        case .binary: notes.quantization = .init(rule: "binary: bit = x > 0, packed 8 per byte; Hamming distance (±1 vectors for non-search tasks)")
        }
        return notes
    }
}

extension EmbeddingMatrix {
    /// The rows of `self`, then those of `other` (the two sides of pairs, calibrated together).
    func stacked(on other: EmbeddingMatrix) -> EmbeddingMatrix {
        EmbeddingMatrix(rows: rows + other.rows, dimension: dimension, values: values + other.values)
    }
}
