import CQuantKernels

/// The implementations of the quantized matrix product (`CQuantKernels`), from the plainest to the widest.
/// All give the same int32 sums and the same floats; `best` is the one products use.
public enum QuantKernel: Int32, CaseIterable, Sendable {
    case portable = 0, avx2, avxVNNI, avx512VNNI

    /// The widest kernel this CPU supports.
    public static let best = QuantKernel(rawValue: Int32(qk_best_kernel().rawValue)) ?? .portable

    /// The kernels this CPU can run.
    public static var supported: [QuantKernel] { allCases.filter(\.isSupported) }

    public var isSupported: Bool { qk_kernel_supported(cValue) != 0 }

    /// The name printed by the benchmark.
    public var name: String {
        switch self {
        case .portable: "portable C"
        case .avx2: "AVX2"
        case .avxVNNI: "AVX-VNNI (256-bit)"
        case .avx512VNNI: "AVX-512 VNNI"
        }
    }

    var cValue: qk_kernel { qk_kernel(rawValue: UInt32(rawValue)) }
}
