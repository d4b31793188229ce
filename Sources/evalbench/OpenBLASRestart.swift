import EvalBenchCore
import Foundation
import Kernels

/// OpenBLAS picks its kernels once, as it loads, from the CPU or from OPENBLAS_CORETYPE. One that does not
/// recognise the CPU falls back to its SSE3 kernels (`Prescott`), four times slower on an AVX-512 Xeon; evalbench
/// then starts itself again with OPENBLAS_CORETYPE naming the kernels the CPU can run (`betterCore`). An
/// OPENBLAS_CORETYPE the user set is left alone.
enum OpenBLASRestart {
    /// Set in the restarted process, so that `bench` can say who chose the kernels.
    static let marker = "EVALBENCH_CHOSE_OPENBLAS_CORETYPE"

    /// Replaces this process with itself under a better OPENBLAS_CORETYPE when OpenBLAS fell back; returns otherwise.
    static func ifOpenBLASFellBack() {
        #if os(Linux)
        guard getenv("OPENBLAS_CORETYPE") == nil, let core = betterCore else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv(marker, "1", 1)
        var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &arguments)
        // Only reached when execv failed: carry on with the fallback kernels.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(marker)
        #endif
    }

    /// The kernel family to ask OpenBLAS for when it fell back to `Prescott` on a CPU whose flags in /proc/cpuinfo
    /// have what its AVX-512 (`SkylakeX`) or AVX2 (`Haswell`) kernels need; nil when OpenBLAS chose otherwise or
    /// the CPU has neither.
    static var betterCore: String? {
        guard BLAS.coreName == "Prescott" else { return nil }
        if CPUFlags.has("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl") { return "SkylakeX" }
        if CPUFlags.has("avx2", "fma") { return "Haswell" }
        return nil
    }

    /// True in a process this restart started.
    static var happened: Bool { getenv(marker) != nil }
}
