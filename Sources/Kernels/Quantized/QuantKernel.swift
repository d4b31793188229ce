import CQuantKernels
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The implementations of the quantized matrix product (`CQuantKernels`), from the plainest to the widest.
/// Each gives the same int32 sums and floats as the portable loop on the same quantized activations; `best` is the
/// one products use.
public enum QuantKernel: Int32, CaseIterable, Sendable {
    case portable = 0, avx2, avxVNNI, avx512VNNI

    /// The widest kernel this CPU supports, or the one `EVALBENCH_QUANT_KERNEL` names (`portable`, `avx2`, `avx-vnni`,
    /// `avx512-vnni`) when this CPU supports it: a way to measure a narrower CPU's path on a wider one.
    public static let best: QuantKernel = {
        let widest = QuantKernel(rawValue: Int32(qk_best_kernel().rawValue)) ?? .portable
        guard let value = getenv("EVALBENCH_QUANT_KERNEL") else { return widest }
        return allCases.first { $0.environmentName == String(cString: value) && $0.isSupported } ?? widest
    }()

    /// The kernel's name in `EVALBENCH_QUANT_KERNEL`.
    public var environmentName: String {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avxVNNI: "avx-vnni"
        case .avx512VNNI: "avx512-vnni"
        }
    }

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

    /// The largest activation magnitude this kernel meets `format`'s weights with: 64 for int8 weights on AVX2,
    /// whose int16 pair sums would saturate at 8 bits; 127 otherwise.
    public func activationLimit(_ format: WeightFormat) -> Int32 { qk_activation_limit(format.bits, cValue) }

    var cValue: qk_kernel { qk_kernel(rawValue: UInt32(rawValue)) }
}
