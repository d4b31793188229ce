import Encoders
import Foundation
import Testing
@testable import EvalBenchCore

/// evalbench never runs its f32 products on OpenBLAS's SSE3 fallback (`Prescott`) on a CPU with AVX2: when OpenBLAS
/// does not recognise the CPU, evalbench restarts itself with OPENBLAS_CORETYPE set. The kernels a run used are in
/// its result files; an OPENBLAS_CORETYPE the user set is kept.
@Suite struct OpenBLASRestartTests {
    /// The `evalbench.kernels` object of a short STS run under `environment`.
    static func kernels(environment: [String: String?]) throws -> RuntimeFacts {
        let folder = TemporaryFolder("kernels")
        defer { folder.remove() }
        let run = try EvalbenchExecutable.run(["run", "--task", "EvalBenchSTS", "--limit", "10", "--dims", "384", "--precision", "float32",
                                               "--tasks-dir", RunnerTests.tasksFolder.path, "--no-cache", "--output", folder.url.path],
                                              environment: environment)
        try #require(run.status == 0, "\(run.error)")
        return try #require(WrittenResult.sts(under: folder.url).evalbench.kernels)
    }

    @Test(.enabled(if: CPUFlags.has("avx2", "fma"), "needs a Linux CPU with AVX2")) func runsNeverUseTheSSE3Fallback() throws {
        let chosen = try Self.kernels(environment: ["OPENBLAS_CORETYPE": nil])
        #expect(chosen.openblas != "Prescott", "\(chosen)")
        #expect(!chosen.quantized.isEmpty)
    }

    @Test func aCoreTypeTheUserSetIsKept() throws {
        let kept = try Self.kernels(environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(kept.openblas == "Prescott", "\(kept)")
    }
}
