// Private to CQuantKernels: the packed layout's sizes and indices (described in CQuantKernels.h), shared by the
// portable code and the vector kernels.
#ifndef QUANT_LAYOUT_H
#define QUANT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/// Weights per block along the input dimension, and output rows per group.
enum { BLOCK = 32, LANES = 16 };

static inline int blocks_of(int k) { return (k + BLOCK - 1) / BLOCK; }
static inline int groups_of(int n) { return (n + LANES - 1) / LANES; }

/// Bytes of one (group, block) tile: 16 lanes × 32 weights.
static inline int tile_bytes(int bits) { return bits == 4 ? 256 : 512; }

/// The value added to each weight when packed (weights are stored unsigned).
static inline int weight_offset(int bits) { return bits == 4 ? 8 : 128; }

static inline size_t scale_index(int group, int block, int lane, int blocks, int per_row) {
    return per_row ? (size_t)group * LANES + lane : ((size_t)group * blocks + block) * LANES + lane;
}

/// Writes (or adds) `columns` values of one output row starting at `first_column`.
static inline void store_lanes(float *c, int ldc, int row, int first_column, int columns, const float *lanes, int accumulate) {
    float *out = c + (size_t)row * ldc + first_column;
    for (int j = 0; j < columns; j++) out[j] = accumulate ? out[j] + lanes[j] : lanes[j];
}

#define QK_PRODUCT_PARAMETERS int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *corrections, \
                              const uint8_t *packed, const float *scales, int per_row, float *c, int ldc, int accumulate
#define QK_PRODUCT_ARGUMENTS m, n, k, values, activation_scales, corrections, packed, scales, per_row, c, ldc, accumulate

#if defined(__x86_64__) || defined(__i386__)
/// The vector kernels' products for weights of `bits` (Tiles256.c, Tiles512.c); callers check the CPU first.
void qk_tiles_avx2(int bits, QK_PRODUCT_PARAMETERS);
void qk_tiles_avxvnni(int bits, QK_PRODUCT_PARAMETERS);
void qk_tiles_avx512vnni(int bits, QK_PRODUCT_PARAMETERS);
#endif

#endif
