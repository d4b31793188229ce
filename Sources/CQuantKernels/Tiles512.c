// The AVX-512 VNNI kernel: one 512-bit vpdpbusd multiplies and adds a whole chunk (16 lanes × 4 bytes) of a
// group against 4 activation bytes, twice the width of AVX-VNNI at the same throughput.
#include "QuantLayout.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <string.h>

#define AVX512 __attribute__((target("avx2,fma,avx512f,avx512bw,avx512vl,avx512vnni")))
#define INLINE static inline AVX512 __attribute__((always_inline))

enum { TILE_ROWS = 6, TILE_GROUPS = 2 };

INLINE __m512i broadcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

/// A tile of RM activation rows × NG groups of 16 outputs over all blocks: `a[r]` points at row r's first block,
/// `as[r]` / `corrections[r]` at its first block's scale / correction, `w` at the first group's first tile and
/// `ws` at its first scales, the next group `group_bytes` and `group_scales` further on. Each broadcast of 4
/// activation bytes feeds both groups. Each block's int32 sums start from the activations' correction, so they
/// come out exact, and are scaled as the portable kernel does: (weight scale · activation scale), then one fused
/// multiply-add. acc[r · NG + j] is row r, group j.
INLINE void tile_kernel(const int RM, const int NG, const int bits, int blocks, const int8_t *const a[TILE_ROWS],
                        const float *const as[TILE_ROWS], const int32_t *const corrections[TILE_ROWS], const uint8_t *w,
                        size_t group_bytes, const float *ws, size_t group_scales, int scale_step, __m512 acc[TILE_ROWS * TILE_GROUPS]) {
    const __m512i low_nibbles = _mm512_set1_epi8(0x0F);
    const int tile = tile_bytes(bits), chunk = LANES * 4;
    for (int i = 0; i < RM * NG; i++) acc[i] = _mm512_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        __m512i dot[TILE_ROWS * TILE_GROUPS];
        for (int r = 0; r < RM; r++) {
            for (int j = 0; j < NG; j++) dot[r * NG + j] = _mm512_set1_epi32(corrections[r][b]);
        }
        const uint8_t *block = w + (size_t)b * tile;
        if (bits == 8) {
            for (int t = 0; t < 8; t++) {
                __m512i weights[TILE_GROUPS];
                for (int j = 0; j < NG; j++) weights[j] = _mm512_loadu_si512(block + j * group_bytes + t * chunk);
                for (int r = 0; r < RM; r++) {
                    __m512i x = broadcast4(a[r] + b * BLOCK + 4 * t);
                    for (int j = 0; j < NG; j++) dot[r * NG + j] = _mm512_dpbusd_epi32(dot[r * NG + j], weights[j], x);
                }
            }
        } else {
            for (int p = 0; p < 4; p++) {
                __m512i low[TILE_GROUPS], high[TILE_GROUPS];
                for (int j = 0; j < NG; j++) {
                    __m512i both = _mm512_loadu_si512(block + j * group_bytes + p * chunk);
                    low[j] = _mm512_and_si512(both, low_nibbles);
                    high[j] = _mm512_and_si512(_mm512_srli_epi16(both, 4), low_nibbles);
                }
                for (int r = 0; r < RM; r++) {
                    __m512i first = broadcast4(a[r] + b * BLOCK + 4 * p), second = broadcast4(a[r] + b * BLOCK + 4 * p + 16);
                    for (int j = 0; j < NG; j++) {
                        dot[r * NG + j] = _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(dot[r * NG + j], low[j], first), high[j], second);
                    }
                }
            }
        }
        __m512 weight_scale[TILE_GROUPS];
        for (int j = 0; j < NG; j++) weight_scale[j] = _mm512_loadu_ps(ws + j * group_scales + b * scale_step);
        for (int r = 0; r < RM; r++) {
            __m512 activation_scale = _mm512_set1_ps(as[r][b]);
            for (int j = 0; j < NG; j++) {
                __m512 scale = _mm512_mul_ps(weight_scale[j], activation_scale);
                acc[r * NG + j] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot[r * NG + j]), scale, acc[r * NG + j]);
            }
        }
    }
}

INLINE void run_tile(const int RM, const int NG, const int bits, int row, int g, QK_PRODUCT_PARAMETERS) {
    int blocks = blocks_of(k);
    const int8_t *a[TILE_ROWS];
    const float *as[TILE_ROWS];
    const int32_t *s[TILE_ROWS];
    for (int r = 0; r < RM; r++) {
        size_t first = (size_t)(row + r) * blocks;
        a[r] = values + first * BLOCK;
        as[r] = activation_scales + first;
        s[r] = corrections + first;
    }
    __m512 acc[TILE_ROWS * TILE_GROUPS];
    size_t group_bytes = (size_t)blocks * tile_bytes(bits), group_scales = per_row ? LANES : (size_t)blocks * LANES;
    tile_kernel(RM, NG, bits, blocks, a, as, s, packed + g * group_bytes, group_bytes, scales + scale_index(g, 0, 0, blocks, per_row),
                group_scales, per_row ? 0 : LANES, acc);
    for (int j = 0; j < NG; j++) {
        int first = (g + j) * LANES;
        __mmask16 mask = n - first >= LANES ? 0xFFFF : (__mmask16)((1u << (n - first)) - 1);
        for (int r = 0; r < RM; r++) {
            float *out = c + (size_t)(row + r) * ldc + first;
            __m512 sum = acc[r * NG + j];
            _mm512_mask_storeu_ps(out, mask, accumulate ? _mm512_add_ps(_mm512_maskz_loadu_ps(mask, out), sum) : sum);
        }
    }
}

/// The rows of one panel against NG groups starting at g: tiles of 6 rows, then one tile of the rows left.
INLINE void run_panel(const int NG, const int bits, int first, int last, int g, QK_PRODUCT_PARAMETERS) {
    int row = first;
    for (; row + TILE_ROWS <= last; row += TILE_ROWS) run_tile(TILE_ROWS, NG, bits, row, g, QK_PRODUCT_ARGUMENTS);
    switch (last - row) {
    case 5: run_tile(5, NG, bits, row, g, QK_PRODUCT_ARGUMENTS); break;
    case 4: run_tile(4, NG, bits, row, g, QK_PRODUCT_ARGUMENTS); break;
    case 3: run_tile(3, NG, bits, row, g, QK_PRODUCT_ARGUMENTS); break;
    case 2: run_tile(2, NG, bits, row, g, QK_PRODUCT_ARGUMENTS); break;
    case 1: run_tile(1, NG, bits, row, g, QK_PRODUCT_ARGUMENTS); break;
    }
}

/// One weight format's product in tiles of 6 rows × 2 groups (32 outputs; 24 of the 32 vector registers hold the
/// tile's int32 and float sums), rows in panels of 96 whose activations stay in L2 while each pair of weight
/// groups (48 KB at k = 1536 in int8) is reused from L1 and L2. On a Xeon (Sapphire Rapids class, one core) 6 × 32
/// ran at 1.3-2× the multiply-adds per second of 12 × 16 and 8 × 16 tiles at MiniLM's shapes.
INLINE void gemm(const int bits, QK_PRODUCT_PARAMETERS) {
    enum { PANEL = 96 };
    int groups = groups_of(n);
    for (int first = 0; first < m; first += PANEL) {
        int last = first + PANEL < m ? first + PANEL : m, g = 0;
        for (; g + TILE_GROUPS <= groups; g += TILE_GROUPS) run_panel(TILE_GROUPS, bits, first, last, g, QK_PRODUCT_ARGUMENTS);
        if (g < groups) run_panel(1, bits, first, last, g, QK_PRODUCT_ARGUMENTS);
    }
}

AVX512 void qk_tiles_avx512vnni(int bits, QK_PRODUCT_PARAMETERS) {
    if (bits == 8) gemm(8, QK_PRODUCT_ARGUMENTS);
    else gemm(4, QK_PRODUCT_ARGUMENTS);
}
#endif
