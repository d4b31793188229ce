// The tiled integer products, included twice by QuantKernels.c: once for AVX2 (QK_VNNI 0) and once for AVX-VNNI
// (QK_VNNI 1), whose vpdpbusd does a chunk's multiply-add-and-widen in one instruction. Both sum the same exact
// int32 products (AVX2's int16 pair sums never saturate, see tile_kernel), so their results are identical.
// QK_TARGET is the target attribute and QK_NAME(x) names each function for its variant.

static inline QK_TARGET __m256i QK_NAME(broadcast4)(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/// A tile of RM activation rows × one group of 8 outputs over all blocks: `a[r]` points at row r's first
/// block, `as[r]` / `sums[r]` at its first block's scale / sum, `w` at the group's first tile, `ws` at its
/// first scales. Weights are unsigned (w + 128, or w + 8 in nibbles) and activations signed, as
/// vpmaddubsw and vpdpbusd need, and Σ (w + offset) · a − offset · Σa is the dot product. AVX2, int8: pairs of
/// products are at most 2 · 255 · 64 = 32,640, inside int16, and are widened to int32 per chunk. AVX2, int4: the
/// 8 chunks' pairs sum to at most 8 · 2 · 15 · 127 = 30,480 in int16 and are widened once per block.
static inline QK_TARGET __attribute__((always_inline)) void QK_NAME(tile_kernel)(
    const int RM, const int bits, int blocks, const int8_t *const a[6], const float *const as[6], const int32_t *const sums[6],
    const uint8_t *w, const float *ws, int scale_step, __m256 acc[6]) {
    const __m256i ones = _mm256_set1_epi16(1), low_nibbles = _mm256_set1_epi8(0x0F);
    const int tile = bits == 4 ? 128 : 256, offset = bits == 4 ? 8 : 128;
    for (int r = 0; r < RM; r++) acc[r] = _mm256_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        __m256i dot[6];
        for (int r = 0; r < RM; r++) dot[r] = _mm256_setzero_si256();
        if (bits == 8) {
            for (int t = 0; t < 8; t++) {
                __m256i weights = _mm256_loadu_si256((const __m256i *)(w + b * tile + t * 32));
                for (int r = 0; r < RM; r++) {
                    __m256i activations = QK_NAME(broadcast4)(a[r] + b * BLOCK + 4 * t);
#if QK_VNNI
                    dot[r] = _mm256_dpbusd_avx_epi32(dot[r], weights, activations);
#else
                    dot[r] = _mm256_add_epi32(dot[r], _mm256_madd_epi16(_mm256_maddubs_epi16(weights, activations), ones));
#endif
                }
            }
        } else {
            for (int p = 0; p < 4; p++) {
                __m256i both = _mm256_loadu_si256((const __m256i *)(w + b * tile + p * 32));
                __m256i low = _mm256_and_si256(both, low_nibbles), high = _mm256_and_si256(_mm256_srli_epi16(both, 4), low_nibbles);
                for (int r = 0; r < RM; r++) {
                    __m256i first = QK_NAME(broadcast4)(a[r] + b * BLOCK + 4 * p), second = QK_NAME(broadcast4)(a[r] + b * BLOCK + 4 * p + 16);
#if QK_VNNI
                    dot[r] = _mm256_dpbusd_avx_epi32(_mm256_dpbusd_avx_epi32(dot[r], low, first), high, second);
#else
                    dot[r] = _mm256_add_epi16(dot[r], _mm256_maddubs_epi16(low, first));
                    dot[r] = _mm256_add_epi16(dot[r], _mm256_maddubs_epi16(high, second));
#endif
                }
            }
#if !QK_VNNI
            for (int r = 0; r < RM; r++) dot[r] = _mm256_madd_epi16(dot[r], ones);
#endif
        }
        __m256 weight_scale = _mm256_loadu_ps(ws + b * scale_step);
        for (int r = 0; r < RM; r++) {
            __m256i exact = _mm256_sub_epi32(dot[r], _mm256_set1_epi32(offset * sums[r][b]));
            __m256 scale = _mm256_mul_ps(weight_scale, _mm256_set1_ps(as[r][b]));
            acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(exact), scale, acc[r]);
        }
    }
}

static inline QK_TARGET __attribute__((always_inline)) void QK_NAME(run_tile)(
    const int RM, const int bits, int row, int g, int n, int blocks, const int8_t *values, const float *activation_scales,
    const int32_t *sums, const uint8_t *packed, const float *scales, int per_row, float *c, int ldc, int accumulate) {
    const int8_t *a[6];
    const float *as[6];
    const int32_t *s[6];
    for (int r = 0; r < RM; r++) {
        size_t first = (size_t)(row + r) * blocks;
        a[r] = values + first * BLOCK;
        as[r] = activation_scales + first;
        s[r] = sums + first;
    }
    const uint8_t *w = packed + (size_t)g * blocks * (bits == 4 ? 128 : 256);
    __m256 acc[6];
    QK_NAME(tile_kernel)(RM, bits, blocks, a, as, s, w, scales + scale_index(g, 0, 0, blocks, per_row), per_row ? 0 : LANES, acc);
    int first = g * LANES;
    for (int r = 0; r < RM; r++) {
        float *out = c + (size_t)(row + r) * ldc + first;
        if (n - first >= LANES) {
            _mm256_storeu_ps(out, accumulate ? _mm256_add_ps(_mm256_loadu_ps(out), acc[r]) : acc[r]);
        } else {
            float lanes[LANES];
            _mm256_storeu_ps(lanes, acc[r]);
            store_group(c, ldc, row + r, first, n - first, lanes, accumulate);
        }
    }
}

/// One weight format's product in tiles of 6 rows × 1 group of 8 outputs (the fewer rows left at the end of a
/// panel in one narrower tile). Rows go in panels of 96 whose activations stay in L2 while each weight group
/// (12 KB at k = 1536 in int8) is reused from L1. Tiles of 6 rows × 1 group were the fastest of 1-8 rows × 1-3
/// groups on Zen 3 (AVX2: int8 about 1.45×, int4 about 1.65× OpenBLAS sgemm on one core).
static inline QK_TARGET __attribute__((always_inline)) void QK_NAME(gemm)(const int bits, int m, int n, int k, const int8_t *values, const float *activation_scales,
                                    const int32_t *sums, const uint8_t *packed, const float *scales, int per_row, float *c,
                                    int ldc, int accumulate) {
    enum { PANEL = 96 };
    int blocks = blocks_of(k), groups = groups_of(n);
    for (int first = 0; first < m; first += PANEL) {
        int last = first + PANEL < m ? first + PANEL : m;
        for (int g = 0; g < groups; g++) {
            int row = first;
            for (; row + 6 <= last; row += 6) QK_NAME(run_tile)(6, bits, row, g, TILE_ARGUMENTS);
            switch (last - row) {
            case 5: QK_NAME(run_tile)(5, bits, row, g, TILE_ARGUMENTS); break;
            case 4: QK_NAME(run_tile)(4, bits, row, g, TILE_ARGUMENTS); break;
            case 3: QK_NAME(run_tile)(3, bits, row, g, TILE_ARGUMENTS); break;
            case 2: QK_NAME(run_tile)(2, bits, row, g, TILE_ARGUMENTS); break;
            case 1: QK_NAME(run_tile)(1, bits, row, g, TILE_ARGUMENTS); break;
            }
        }
    }
}

static QK_TARGET void QK_NAME(gemm_q8)(int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *sums,
                                       const uint8_t *packed, const float *scales, int per_row, float *c, int ldc, int accumulate) {
    QK_NAME(gemm)(8, m, n, k, values, activation_scales, sums, packed, scales, per_row, c, ldc, accumulate);
}

static QK_TARGET void QK_NAME(gemm_q4)(int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *sums,
                                       const uint8_t *packed, const float *scales, int per_row, float *c, int ldc, int accumulate) {
    QK_NAME(gemm)(4, m, n, k, values, activation_scales, sums, packed, scales, per_row, c, ldc, accumulate);
}
