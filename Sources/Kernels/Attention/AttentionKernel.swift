import CAttention
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The implementations of fused attention (`CAttention`), from the plainest to the widest: softmax(scale · q·kᵀ +
/// bias) v per head over tiles of queries and blocks of keys, the softmax folded into the key loop (a running maximum
/// and sum), so no score matrix beyond a tile is written. They differ only in the order they add in.
public enum AttentionKernel: Int32, CaseIterable, Sendable {
    case portable = 0, avx2, avx512

    /// The widest kernel this CPU supports, or the one `EVALBENCH_ATTENTION_KERNEL` names (`portable`, `avx2`,
    /// `avx512`) when this CPU supports it: a way to measure a narrower CPU's path on a wider one.
    public static let best: AttentionKernel = {
        let widest = AttentionKernel(rawValue: Int32(ea_best_kernel().rawValue)) ?? .portable
        guard let value = getenv("EVALBENCH_ATTENTION_KERNEL") else { return widest }
        return allCases.first { $0.environmentName == String(cString: value) && $0.isSupported } ?? widest
    }()

    /// The kernels this CPU can run.
    public static var supported: [AttentionKernel] { allCases.filter(\.isSupported) }

    public var isSupported: Bool { ea_kernel_supported(cValue) != 0 }

    /// The kernel's name in `EVALBENCH_ATTENTION_KERNEL`.
    public var environmentName: String {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avx512: "avx512"
        }
    }

    /// The name printed by the benchmark.
    public var name: String {
        switch self {
        case .portable: "portable C"
        case .avx2: "AVX2"
        case .avx512: "AVX-512"
        }
    }

    /// Floats of scratch the `attend` call with these arguments needs (for the keys its rows see).
    public func scratchCount(count: Int, headDim: Int, mask: AttentionMask, rows: Range<Int>) -> Int {
        let (kind, radius) = mask.cValue
        return Int(ea_scratch_floats(cValue, Int32(count), Int32(headDim), kind, radius, Int32(rows.lowerBound), Int32(rows.upperBound)))
    }

    /// Writes out[i] = Σⱼ softmaxⱼ(scale · qᵢ·kⱼ + bias[j − i]) vⱼ for the query rows `rows` of a `count`-token sequence,
    /// j over the keys `mask` shows query i. `q`, `k` and `v` point at token 0's vector (`headDim` floats) of one head,
    /// token rows `stride` floats apart; `output` at token 0's output row, rows `outputStride` apart. `distanceBias`,
    /// when given, points at distance 0 of a table readable from −(count − 1) to count − 1. `scratch` holds
    /// `scratchCount(count:headDim:mask:rows:)` floats.
    public func attend(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, stride: Int,
        into output: UnsafeMutablePointer<Float>, outputStride: Int, count: Int, headDim: Int, scale: Float,
        mask: AttentionMask, distanceBias: UnsafePointer<Float>?, rows: Range<Int>, scratch: UnsafeMutablePointer<Float>
    ) {
        let (kind, radius) = mask.cValue
        let done = ea_attend(cValue, q, k, v, stride, output, outputStride, Int32(count), Int32(headDim), scale, kind, radius,
                             distanceBias, Int32(rows.lowerBound), Int32(rows.upperBound), scratch)
        precondition(done == 1, "attention kernel \(name) refused \(rows) of \(count) tokens, head width \(headDim)")
    }

    var cValue: ea_kernel { ea_kernel(rawValue: UInt32(rawValue)) }
}

extension AttentionMask {
    /// The mask as `CAttention` takes it.
    var cValue: (ea_mask, Int32) {
        switch self {
        case .bidirectional: (EA_MASK_BIDIRECTIONAL, 0)
        case .window(let radius): (EA_MASK_WINDOW, Int32(radius))
        case .causal: (EA_MASK_CAUSAL, 0)
        }
    }
}
