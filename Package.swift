// swift-tools-version: 6.0
import PackageDescription

/// AVX2 + FMA for the targets with hot SIMD loops (see DESIGN.md: without it SIMD FMA is a libm call per lane), and
/// optimised even in debug builds, so the tests run the encoder at speed. `-O`, not `-Ounchecked`: preconditions and
/// overflow checks stay in, so a bad input traps with a message instead of reading or writing out of bounds.
let haswell: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=haswell", "-target-cpu", "haswell", "-O"])]

let package = Package(
    name: "evalbench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "evalbench", targets: ["evalbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // The embedding cache's database.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Quantized matrix products: AVX-512 VNNI, AVX-VNNI or AVX2 intrinsics chosen at run time, with a portable C fallback.
        .target(name: "CQuantKernels", cSettings: [.unsafeFlags(["-O3"])]),
        // Fused attention: AVX-512 or AVX2 + FMA chosen at run time, with a portable C fallback.
        .target(name: "CAttention", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Kernels", dependencies: ["CAttention", "COpenBLAS", "CQuantKernels"], swiftSettings: haswell),
        // libsentencepiece (C++) behind a plain C API, so no Swift target needs C++ interoperability.
        .target(name: "CSentencePiece", linkerSettings: [.linkedLibrary("sentencepiece")]),
        // SHA-256 and the one-sentence JSON decoding error, shared by every module that hashes or reads JSON.
        .target(name: "Common"),
        .target(name: "Tokenizers", dependencies: ["CSentencePiece", "Common"]),
        // The Hugging Face Hub's protocol and cache layout, for models and datasets.
        .target(name: "Hub", dependencies: ["Common", .product(name: "Yams", package: "Yams")]),
        // gzip-compressed data files (jsonl.gz, the Hub's usual dataset format).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Parquet, the Hub's main dataset format, with the codecs its files use.
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "Parquet", dependencies: ["CSnappy", "CZstd"]),
        .target(name: "Encoders", dependencies: ["Common", "Hub", "Kernels", "Tokenizers"], swiftSettings: haswell),
        .target(name: "EvalMetrics", dependencies: ["COpenBLAS", "Kernels"], swiftSettings: haswell),
        .target(name: "EvalBenchCore", dependencies: ["Common", "CZlib", "Encoders", "EvalMetrics", "Hub", "Kernels", "Parquet", "CSQLite"]),
        // `evalbench serve`: the native encoder behind OpenAI-, TEI- and Ollama-compatible HTTP routes.
        .target(name: "EmbeddingServer", dependencies: ["Encoders", .product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(name: "evalbench", dependencies: [
            "EvalBenchCore", "Encoders", "EmbeddingServer", "Hub",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "EvalMetrics"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EncodersTests", dependencies: ["Common", "Encoders"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EvalMetricsTests", dependencies: ["EvalMetrics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EvalBenchCoreTests", dependencies: ["Common", "EvalBenchCore", "Hub"], exclude: ["Remote/FakeServer", "Hub/FakeHub"],
                    resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5],
    cxxLanguageStandard: .cxx17
)
