/// The weight of a linear layer (out × in, PyTorch's layout), in float32 for OpenBLAS or quantized for
/// the integer kernels; the forward passes call `apply` and need not know which.
public final class LinearWeight {
    public let outFeatures: Int
    public let inFeatures: Int
    let dense: FloatBuffer?
    let quantized: QuantizedMatrix?

    /// Keeps `weights` (out × in floats) as they are for `.f32`, else quantizes them (and `weights` can go).
    public init(_ weights: FloatBuffer, outFeatures: Int, inFeatures: Int, format: WeightFormat) {
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        if format == .f32 {
            dense = weights
            quantized = nil
        } else {
            dense = nil
            quantized = QuantizedMatrix(weights.pointer, rows: outFeatures, columns: inFeatures, format: format)
        }
    }

    /// Bytes the weight holds in memory.
    public var bytes: Int { quantized?.bytes ?? outFeatures * inFeatures * MemoryLayout<Float>.size }

    /// C[m × out] = A[m × in] · Wᵀ, or C += A · Wᵀ when `accumulate`, rows split over `threads`.
    @inline(__always)
    public func apply(
        _ a: UnsafePointer<Float>, m: Int, lda: Int, into c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool = false, workspace: QuantizedActivations, threads: Int
    ) {
        if let quantized {
            quantized.multiply(a, m: m, lda: lda, into: c, ldc: ldc, accumulate: accumulate, workspace: workspace, threads: threads)
        } else {
            BLAS.gemm(m: m, n: outFeatures, k: inFeatures, a: a, lda: lda, b: dense!.pointer, ldb: inFeatures, bTransposed: true,
                      c: c, ldc: ldc, beta: accumulate ? 1 : 0, threads: threads)
        }
    }
}

/// A token-embedding table, in float32 or quantized row by row (`--quantize-embeddings`).
public final class EmbeddingTable {
    public let rows: Int
    public let width: Int
    let dense: FloatBuffer?
    let quantized: QuantizedMatrix?

    public init(_ table: FloatBuffer, rows: Int, width: Int, format: WeightFormat) {
        self.rows = rows
        self.width = width
        dense = format == .f32 ? table : nil
        quantized = format == .f32 ? nil : QuantizedMatrix(table.pointer, rows: rows, columns: width, format: format)
    }

    public var bytes: Int { quantized?.bytes ?? rows * width * MemoryLayout<Float>.size }

    /// Copies row `row` (dequantized when quantized) into `out`.
    @inline(__always)
    public func copyRow(_ row: Int, into out: UnsafeMutablePointer<Float>) {
        if let quantized { quantized.dequantizeRow(row, into: out) } else { out.update(from: dense!.pointer + row * width, count: width) }
    }
}
