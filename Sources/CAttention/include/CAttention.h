#ifndef C_ATTENTION_H
#define C_ATTENTION_H

// Fused self-attention for one head of one sequence: softmax(scale · q·kᵀ + bias) v computed over tiles of query
// rows and blocks of keys, the softmax folded into the key loop with a running maximum and sum (as FlashAttention
// does), so no score matrix larger than one tile is ever written. The keys of the call are transposed into blocks
// once (the values copied with zero padding only when d is not a whole number of vectors); each tile's scores stay in
// L1. AVX-512 or AVX2 + FMA where the CPU has it, plain vector C otherwise; the three differ only in the order they
// add in.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The implementations of ea_attend, from the plainest to the widest.
typedef enum {
    EA_KERNEL_PORTABLE = 0, // 4 lanes of compiler vectors, on every CPU
    EA_KERNEL_AVX2 = 1,     // 8 lanes, FMA
    EA_KERNEL_AVX512 = 2,   // 16 lanes
} ea_kernel;

/// Which keys query i of an n-token sequence sees.
typedef enum {
    EA_MASK_BIDIRECTIONAL = 0, // 0 ..< n
    EA_MASK_WINDOW = 1,        // |i − j| ≤ radius
    EA_MASK_CAUSAL = 2,        // j ≤ i
} ea_mask;

/// 1 when this CPU (and OS) can run `kernel`.
int ea_kernel_supported(ea_kernel kernel);
/// The widest kernel this CPU supports.
ea_kernel ea_best_kernel(void);

/// Floats of scratch the ea_attend call with these arguments needs (for the keys rows first ..< last see).
size_t ea_scratch_floats(ea_kernel kernel, int n, int d, ea_mask mask, int radius, int first, int last);

/// Writes out[i] = Σⱼ softmaxⱼ(scale · qᵢ·kⱼ + bias[j − i]) vⱼ for query rows first ..< last of an n-token sequence,
/// j over the keys `mask` shows query i. q, k and v point at token 0's vector (d floats) of this head, token rows
/// `stride` floats apart; out points at token 0's output row, rows `out_stride` apart. `bias` is NULL or points at
/// distance 0 of a table readable from −(n − 1) to n − 1. `scratch` holds ea_scratch_floats(kernel, n, d, mask, radius,
/// first, last) floats. Returns 0 (and writes nothing) when the CPU cannot run `kernel` or an
/// argument is out of range.
int ea_attend(ea_kernel kernel, const float *q, const float *k, const float *v, ptrdiff_t stride, float *out,
              ptrdiff_t out_stride, int n, int d, float scale, ea_mask mask, int radius, const float *bias, int first,
              int last, float *scratch);

#ifdef __cplusplus
}
#endif

#endif
