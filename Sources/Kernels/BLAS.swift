import COpenBLAS

/// Thin, typed wrappers over the CBLAS calls the encoders and search use.
///
/// OpenBLAS's own thread pool is kept at one thread: its idle workers spin for a while after each call
/// and steal the second core from the attention and element-wise phases (measured: 2 threads gave
/// 1.34× on long documents). Parallel products instead split the rows of A between our own workers,
/// each calling single-threaded sgemm, which scales to 2× on two cores.
public enum BLAS {
    private static let singleThreadedPool: Void = openblas_set_num_threads(1)

    /// The kernel family OpenBLAS chose for this CPU (`Haswell`, `SkylakeX`, …; `Prescott` means SSE3 only, as an
    /// OpenBLAS that does not recognise the CPU falls back to: f32 products then run several times slower).
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// C[m×n] = alpha · A[m×k] · op(B) + beta · C, all row-major, with the rows of C split over `threads`.
    /// `bTransposed` means B is stored n×k (PyTorch's Linear weight layout) and used as Bᵀ.
    @inline(__always)
    public static func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, bTransposed: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        alpha: Float = 1, beta: Float = 0, threads: Int = 1
    ) {
        _ = singleThreadedPool
        parallelChunks(m, threads: workerCount(work: m * n * k, threads: threads)) { rows in
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, bTransposed ? CblasTrans : CblasNoTrans,
                Int32(rows.count), Int32(n), Int32(k), alpha, a + rows.lowerBound * lda, Int32(lda), b, Int32(ldb), beta,
                c + rows.lowerBound * ldc, Int32(ldc))
        }
    }
}
