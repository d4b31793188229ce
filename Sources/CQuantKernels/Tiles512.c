// The AVX-512 VNNI kernel: one 512-bit vpdpbusd multiplies and adds a whole chunk (16 lanes × 4 bytes) of a
// group against 4 activation bytes broadcast from memory, twice the width of AVX-VNNI at the same throughput.
#include "QuantLayout.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <string.h>

#define AVX512 __attribute__((target("avx2,fma,avx512f,avx512bw,avx512vl,avx512vnni")))
#define INLINE static inline AVX512 __attribute__((always_inline))

enum { TILE_ROWS = 12 };

INLINE __m512i broadcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

/// A tile of RM activation rows × one group of 16 outputs over all blocks (pointers as in Tiles256.h). Each
/// block's int32 sums start from the activations' correction, so that they come out exact, and are scaled as the
/// portable kernel does: (weight scale · activation scale), then one fused multiply-add.
INLINE void tile_kernel(const int RM, const int bits, int blocks, const int8_t *const a[TILE_ROWS], const float *const as[TILE_ROWS],
                        const int32_t *const corrections[TILE_ROWS], const uint8_t *w, const float *ws, int scale_step,
                        __m512 acc[TILE_ROWS]) {
    const __m512i low_nibbles = _mm512_set1_epi8(0x0F);
    const int tile = tile_bytes(bits), chunk = LANES * 4;
    for (int r = 0; r < RM; r++) acc[r] = _mm512_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        __m512i dot[TILE_ROWS];
        for (int r = 0; r < RM; r++) dot[r] = _mm512_set1_epi32(corrections[r][b]);
        const uint8_t *block = w + (size_t)b * tile;
        if (bits == 8) {
            for (int t = 0; t < 8; t++) {
                __m512i weights = _mm512_loadu_si512(block + t * chunk);
                for (int r = 0; r < RM; r++) dot[r] = _mm512_dpbusd_epi32(dot[r], weights, broadcast4(a[r] + b * BLOCK + 4 * t));
            }
        } else {
            for (int p = 0; p < 4; p++) {
                __m512i both = _mm512_loadu_si512(block + p * chunk);
                __m512i low = _mm512_and_si512(both, low_nibbles), high = _mm512_and_si512(_mm512_srli_epi16(both, 4), low_nibbles);
                for (int r = 0; r < RM; r++) {
                    const int8_t *x = a[r] + b * BLOCK + 4 * p;
                    dot[r] = _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(dot[r], low, broadcast4(x)), high, broadcast4(x + 16));
                }
            }
        }
        __m512 weight_scale = _mm512_loadu_ps(ws + b * scale_step);
        for (int r = 0; r < RM; r++) {
            __m512 scale = _mm512_mul_ps(weight_scale, _mm512_set1_ps(as[r][b]));
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot[r]), scale, acc[r]);
        }
    }
}

INLINE void run_tile(const int RM, const int bits, int row, int g, QK_PRODUCT_PARAMETERS) {
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
    __m512 acc[TILE_ROWS];
    tile_kernel(RM, bits, blocks, a, as, s, packed + (size_t)g * blocks * tile_bytes(bits), scales + scale_index(g, 0, 0, blocks, per_row),
                per_row ? 0 : LANES, acc);
    int first = g * LANES;
    __mmask16 mask = n - first >= LANES ? 0xFFFF : (__mmask16)((1u << (n - first)) - 1);
    for (int r = 0; r < RM; r++) {
        float *out = c + (size_t)(row + r) * ldc + first;
        _mm512_mask_storeu_ps(out, mask, accumulate ? _mm512_add_ps(_mm512_maskz_loadu_ps(mask, out), acc[r]) : acc[r]);
    }
}

/// One weight format's product in tiles of 12 rows × 16 outputs (24 of the 32 vector registers hold the
/// tile's int32 and float sums), rows in panels of 96 whose activations stay in L2 while each weight group
/// (24 KB at k = 1536 in int8) is reused from L1.
INLINE void gemm(const int bits, QK_PRODUCT_PARAMETERS) {
    enum { PANEL = 96 };
    int groups = groups_of(n);
    for (int first = 0; first < m; first += PANEL) {
        int last = first + PANEL < m ? first + PANEL : m;
        for (int g = 0; g < groups; g++) {
            int row = first;
            for (; row + TILE_ROWS <= last; row += TILE_ROWS) run_tile(TILE_ROWS, bits, row, g, QK_PRODUCT_ARGUMENTS);
            switch (last - row) {
#define TAIL(R) case R: run_tile(R, bits, row, g, QK_PRODUCT_ARGUMENTS); break;
                TAIL(1) TAIL(2) TAIL(3) TAIL(4) TAIL(5) TAIL(6) TAIL(7) TAIL(8) TAIL(9) TAIL(10) TAIL(11)
#undef TAIL
            }
        }
    }
}

AVX512 void qk_tiles_avx512vnni(int bits, QK_PRODUCT_PARAMETERS) {
    if (bits == 8) gemm(8, QK_PRODUCT_ARGUMENTS);
    else gemm(4, QK_PRODUCT_ARGUMENTS);
}
#endif
