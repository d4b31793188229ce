// The 256-bit tiled integer products, included twice by Tiles256.c: once for AVX2 (QK_VNNI 0) and once for
// AVX-VNNI (QK_VNNI 1), whose vpdpbusd does a chunk's multiply-add-and-widen in one instruction. Both sum the same
// exact int32 products (AVX2's int16 pair sums never saturate, see tile_kernel), so their results are identical.
// QK_TARGET is the target attribute and QK_NAME(x) names each function for its variant. A 256-bit vector holds
// half of a 16-lane group, so these kernels walk half-groups: lanes 0-7 or 8-15 of every chunk.

static inline QK_TARGET __m256i QK_NAME(broadcast4)(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/// A tile of RM activation rows × one half-group of 8 outputs over all blocks: `a[r]` points at row r's first
/// block, `as[r]` / `corrections[r]` at its first block's scale / correction, `w` at the half-group's first
/// chunk, `ws` at its first scales. Weights are unsigned (w + 128, or w + 8 in nibbles) and activations signed, as
/// vpmaddubsw and vpdpbusd need, and Σ (w + offset) · a + correction is the dot product. AVX2, int8: pairs of
/// products are at most 2 · 255 · 64 = 32,640, inside int16, and are widened to int32 per chunk. AVX2, int4: the
/// 8 chunks' pairs sum to at most 8 · 2 · 15 · 127 = 30,480 in int16 and are widened once per block.
static inline QK_TARGET __attribute__((always_inline)) void QK_NAME(tile_kernel)(
    const int RM, const int bits, int blocks, const int8_t *const a[6], const float *const as[6], const int32_t *const corrections[6],
    const uint8_t *w, const float *ws, int scale_step, __m256 acc[6]) {
    const __m256i ones = _mm256_set1_epi16(1), low_nibbles = _mm256_set1_epi8(0x0F);
    const int tile = tile_bytes(bits), chunk = LANES * 4;
    for (int r = 0; r < RM; r++) acc[r] = _mm256_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        __m256i dot[6];
        for (int r = 0; r < RM; r++) dot[r] = _mm256_setzero_si256();
        if (bits == 8) {
            for (int t = 0; t < 8; t++) {
                __m256i weights = _mm256_loadu_si256((const __m256i *)(w + b * tile + t * chunk));
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
                __m256i both = _mm256_loadu_si256((const __m256i *)(w + b * tile + p * chunk));
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
            __m256i exact = _mm256_add_epi32(dot[r], _mm256_set1_epi32(corrections[r][b]));
            __m256 scale = _mm256_mul_ps(weight_scale, _mm256_set1_ps(as[r][b]));
            acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(exact), scale, acc[r]);
        }
    }
}

static inline QK_TARGET __attribute__((always_inline)) void QK_NAME(run_tile)(
    const int RM, const int bits, int row, int half, QK_PRODUCT_PARAMETERS) {
    int blocks = blocks_of(k), g = half / 2, lane = half % 2 * 8;
    const int8_t *a[6];
    const float *as[6];
    const int32_t *s[6];
    for (int r = 0; r < RM; r++) {
        size_t first = (size_t)(row + r) * blocks;
        a[r] = values + first * BLOCK;
        as[r] = activation_scales + first;
        s[r] = corrections + first;
    }
    const uint8_t *w = packed + (size_t)g * blocks * tile_bytes(bits) + lane * 4;
    __m256 acc[6];
    QK_NAME(tile_kernel)(RM, bits, blocks, a, as, s, w, scales + scale_index(g, 0, lane, blocks, per_row), per_row ? 0 : LANES, acc);
    int first = g * LANES + lane;
    for (int r = 0; r < RM; r++) {
        float *out = c + (size_t)(row + r) * ldc + first;
        if (n - first >= 8) {
            _mm256_storeu_ps(out, accumulate ? _mm256_add_ps(_mm256_loadu_ps(out), acc[r]) : acc[r]);
        } else {
            float lanes[8];
            _mm256_storeu_ps(lanes, acc[r]);
            store_lanes(c, ldc, row + r, first, n - first, lanes, accumulate);
        }
    }
}

/// One weight format's product in tiles of 6 rows × 8 outputs (the fewer rows left at the end of a panel in one
/// narrower tile). Rows go in panels of 96 whose activations stay in L2 while each weight half-group (12 KB at
/// k = 1536 in int8) is reused from L1. Tiles of 6 rows × 8 outputs were the fastest of 1-8 rows × 8-24 outputs
/// on Zen 3 (AVX2: int8 about 1.45×, int4 about 1.65× OpenBLAS sgemm on one core).
static inline QK_TARGET __attribute__((always_inline)) void QK_NAME(gemm)(const int bits, QK_PRODUCT_PARAMETERS) {
    enum { PANEL = 96 };
    int halves = (n + 7) / 8;
    for (int first = 0; first < m; first += PANEL) {
        int last = first + PANEL < m ? first + PANEL : m;
        for (int half = 0; half < halves; half++) {
            int row = first;
            for (; row + 6 <= last; row += 6) QK_NAME(run_tile)(6, bits, row, half, QK_PRODUCT_ARGUMENTS);
            switch (last - row) {
            case 5: QK_NAME(run_tile)(5, bits, row, half, QK_PRODUCT_ARGUMENTS); break;
            case 4: QK_NAME(run_tile)(4, bits, row, half, QK_PRODUCT_ARGUMENTS); break;
            case 3: QK_NAME(run_tile)(3, bits, row, half, QK_PRODUCT_ARGUMENTS); break;
            case 2: QK_NAME(run_tile)(2, bits, row, half, QK_PRODUCT_ARGUMENTS); break;
            case 1: QK_NAME(run_tile)(1, bits, row, half, QK_PRODUCT_ARGUMENTS); break;
            }
        }
    }
}

QK_TARGET void QK_NAME(qk_tiles)(int bits, QK_PRODUCT_PARAMETERS) {
    if (bits == 8) QK_NAME(gemm)(8, QK_PRODUCT_ARGUMENTS);
    else QK_NAME(gemm)(4, QK_PRODUCT_ARGUMENTS);
}
