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

    /// The vectors an evaluator reads: float32 as is, int8 codes as floats, binary as ±1.
    func apply(_ m: EmbeddingMatrix) -> EmbeddingMatrix {
        switch precision {
        case .float32: return m
        case .int8: return calibration!.quantize(m)
        case .binary: return BinaryMatrix(m).unpacked()
        }
    }

    /// What the result file records about the quantisation.
    var notes: [String: Any] {
        switch precision {
        case .float32: return [:]
        case .int8: return ["quantization": ["rule": Int8Calibration.rule, "calibration_source": calibration!.source]]
        case .binary: return ["quantization": ["rule": "binary: bit = x > 0, packed 8 per byte; Hamming distance (±1 vectors for non-search tasks)"]]
        }
    }
}

extension EmbeddingMatrix {
    /// Every row scaled to unit length (cosine similarity becomes a dot product).
    func normalizedRows() -> EmbeddingMatrix {
        var copy = self
        copy.values.withUnsafeMutableBufferPointer { v in
            for r in 0..<rows { VectorMath.l2Normalize(v.baseAddress! + r * dimension, count: dimension) }
        }
        return copy
    }
}
