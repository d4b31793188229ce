import Kernels

/// The normalisations of hidden-state rows (width `width`), with the rows split over threads.
enum RowNorms {
    /// RMSNorm of every row of `input` into `output` (which may be `input`), weights `offset + w` (Gemma: 1, Qwen3: 0).
    static func rms(
        _ input: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        weight: FloatBuffer, offset: Float, eps: Float, threads: Int
    ) {
        parallelChunks(rows, threads: threads) { range in
            let start = range.lowerBound * width
            if output != input { (output + start).update(from: input + start, count: range.count * width) }
            VectorMath.rmsNorm(output + start, rows: range.count, columns: width, weight: weight.pointer, offset: offset, eps: eps)
        }
    }

    /// LayerNorm of every row of `input` into `output` (which may be `input`); no `beta` for a bias-free norm.
    static func layer(
        _ input: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: FloatBuffer, beta: FloatBuffer?, eps: Float, threads: Int
    ) {
        parallelChunks(rows, threads: threads) { range in
            let start = range.lowerBound * width
            if output != input { (output + start).update(from: input + start, count: range.count * width) }
            VectorMath.layerNorm(output + start, rows: range.count, columns: width, gamma: gamma.pointer, beta: beta?.pointer, eps: eps)
        }
    }
}
