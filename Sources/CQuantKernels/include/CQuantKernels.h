#ifndef C_QUANT_KERNELS_H
#define C_QUANT_KERNELS_H

// Quantized matrix products C = A · Wᵀ for the encoders' linear layers: weights in blocks of 32 along
// the input dimension (int8 or 4-bit, one float scale per block, or int8 with one scale per output row),
// activations quantized on the fly to int8 per row and block, products summed in int32 and scaled in
// float. AVX-512 VNNI, AVX-VNNI or AVX2 where the CPU has it, plain C otherwise; all give the same integer
// sums and the same floats.
//
// Packed weight layout (written by qk_pack): output rows in groups of 16, input padded to blocks of 32.
// For group g and block b, 8 chunks t of 16 lanes × 4 bytes: lane j of chunk t holds the 4 weights
// W[16g + j][32b + 4t ..< 32b + 4t + 4]. Int4 packs chunk t in the low nibbles and chunk t + 4 in the
// high nibbles of the same 64 bytes, each stored as w + 8; int8 values are stored as w + 128.
// Scales: float per (group, block, lane) at [(g · blocks + b) · 16 + j], or per (group, lane) at [g · 16 + j]
// when there is one scale per output row.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bytes of packed weights for an n × k matrix: 512 per (group, block) in int8, 256 in int4.
size_t qk_packed_bytes(int n, int k, int bits);
/// Number of scales: one per (group, block, lane), or per (group, lane) when `per_row`.
size_t qk_scale_count(int n, int k, int per_row);

/// Quantizes a row-major n × k float matrix (row stride `ldw`) into the packed layout. `bits` is 8 or 4;
/// `per_row` (int8 only) chooses one scale per output row instead of one per block. Scales are
/// max|w| / 127 (int8) or max|w| / 8 with values clamped to [-8, 7] (int4, as GGML's Q4_0 does).
void qk_pack(const float *w, int n, int k, int ldw, int bits, int per_row, uint8_t *packed, float *scales);

/// The float values of one packed row (k of them): embedding lookups, tests and dequantize-then-sgemm references.
void qk_dequantize_row(const uint8_t *packed, const float *scales, int k, int bits, int per_row, int row, float *out);

/// The implementations of qk_gemm, from the plainest to the widest.
typedef enum {
    QK_KERNEL_PORTABLE = 0,   // plain C, on every CPU
    QK_KERNEL_AVX2 = 1,       // 256-bit vpmaddubsw + vpmaddwd
    QK_KERNEL_AVXVNNI = 2,    // 256-bit vpdpbusd
    QK_KERNEL_AVX512VNNI = 3, // 512-bit vpdpbusd
} qk_kernel;

/// Largest activation magnitude for weights of `bits` multiplied by `kernel`: 64 for int8 weights on AVX2 (so
/// that the unsigned × signed byte products of vpmaddubsw cannot saturate their int16 pair sums: 2 · 255 · 64 <
/// 32768, the reason PyTorch's x86 backend also quantizes activations to 7 bits), 127 otherwise (vpdpbusd and
/// the portable loop sum each product in int32, and int4 weights stay below 16).
int qk_activation_limit(int bits, qk_kernel kernel);

/// Activations quantized per row and block of 32: `values` int8 in ±limit (qk_activation_limit of the kernel
/// that will multiply them; the rows padded to whole blocks with zeros: m · blocks · 32 bytes), `scales` max|a| /
/// limit per (row, block), `corrections` each block's sum of values times minus the weights' offset (−128 for
/// int8, −8 for int4), which turns Σ (w + offset) · a into Σ w · a.
void qk_quantize_activations(const float *a, int m, int k, int lda, int bits, int limit, int8_t *values, float *scales, int32_t *corrections);

/// 1 when this CPU (and OS) can run `kernel`.
int qk_kernel_supported(qk_kernel kernel);
/// The widest kernel this CPU supports.
qk_kernel qk_best_kernel(void);

/// C[m × n] (row stride ldc) = A · Wᵀ, or += when `accumulate`, from activations quantized by
/// qk_quantize_activations for the same `bits` and weights packed by qk_pack, computed by `kernel`.
/// Returns 0 (and writes nothing) when the CPU cannot run `kernel`.
int qk_gemm(qk_kernel kernel, int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *corrections,
            const uint8_t *packed, const float *scales, int bits, int per_row, float *c, int ldc, int accumulate);

#ifdef __cplusplus
}
#endif

#endif
