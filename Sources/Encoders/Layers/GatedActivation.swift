import Kernels

/// The activation of a gated feed-forward, applied in place over rows that hold the gate projection's half and then
/// the other half (`width` floats each): Gemma's GELU-tanh gate, Qwen3's and NomicBERT's SiLU gate (SwiGLU),
/// ModernBERT's GELU on the input half times the gate half (GeGLU).
enum GatedActivation {
    case geluTanh, silu, geluErfOnInput

    func apply(_ data: UnsafeMutablePointer<Float>, rows: Int, width: Int, threads: Int) {
        parallelChunks(rows, threads: threads) { range in
            for r in range {
                let first = data + r * 2 * width, second = first + width
                switch self {
                case .geluTanh: VectorMath.geluTanhGated(first, up: second, count: width)
                case .silu: VectorMath.siluGated(first, up: second, count: width)
                case .geluErfOnInput: VectorMath.geluErfGated(first, gate: second, count: width)
                }
            }
        }
    }
}
