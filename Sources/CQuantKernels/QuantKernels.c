#include "CQuantKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define QK_X86 1
#endif

enum { BLOCK = 32, LANES = 8 };

static int blocks_of(int k) { return (k + BLOCK - 1) / BLOCK; }
static int groups_of(int n) { return (n + LANES - 1) / LANES; }

size_t qk_packed_bytes(int n, int k, int bits) {
    return (size_t)groups_of(n) * blocks_of(k) * (bits == 4 ? 128 : 256);
}

size_t qk_scale_count(int n, int k, int per_row) {
    return (size_t)groups_of(n) * LANES * (per_row ? 1 : blocks_of(k));
}

static size_t scale_index(int group, int block, int lane, int blocks, int per_row) {
    return per_row ? (size_t)group * LANES + lane : ((size_t)group * blocks + block) * LANES + lane;
}

/// Byte offset of weight (lane j, column c within block) inside a (group, block) tile, and for int4
/// whether it sits in the high nibble.
static size_t tile_offset(int lane, int column, int bits, int *high) {
    int chunk = column / 4, byte = column % 4;
    *high = bits == 4 && chunk >= 4;
    int stored_chunk = bits == 4 ? chunk % 4 : chunk;
    return (size_t)stored_chunk * 32 + lane * 4 + byte;
}

void qk_pack(const float *w, int n, int k, int ldw, int bits, int per_row, uint8_t *packed, float *scales) {
    int blocks = blocks_of(k), tile = bits == 4 ? 128 : 256;
    memset(packed, bits == 4 ? 0x88 : 0x80, qk_packed_bytes(n, k, bits));
    memset(scales, 0, qk_scale_count(n, k, per_row) * sizeof(float));
    for (int row = 0; row < n; row++) {
        int g = row / LANES, lane = row % LANES;
        const float *source = w + (size_t)row * ldw;
        float row_max = 0;
        if (per_row) {
            for (int c = 0; c < k; c++) row_max = fmaxf(row_max, fabsf(source[c]));
        }
        for (int b = 0; b < blocks; b++) {
            int first = b * BLOCK, count = k - first < BLOCK ? k - first : BLOCK;
            // int8: d = max|w| / 127. int4: d = (the weight of largest magnitude) / -8, so that weight maps to -8.
            float extreme = 0;
            for (int c = 0; c < count; c++) {
                if (fabsf(source[first + c]) > fabsf(extreme)) extreme = source[first + c];
            }
            float d = per_row ? row_max / 127 : bits == 4 ? extreme / -8 : fabsf(extreme) / 127;
            float inverse = d != 0 ? 1 / d : 0;
            scales[scale_index(g, b, lane, blocks, per_row)] = d;
            uint8_t *destination = packed + ((size_t)g * blocks + b) * tile;
            for (int c = 0; c < count; c++) {
                int high;
                size_t offset = tile_offset(lane, c, bits, &high);
                float x = source[first + c] * inverse;
                if (bits == 4) {
                    int q = (int)(x + 8.5f);
                    q = q < 0 ? 0 : q > 15 ? 15 : q;
                    destination[offset] = high ? (uint8_t)((destination[offset] & 0x0F) | (q << 4))
                                               : (uint8_t)((destination[offset] & 0xF0) | q);
                } else {
                    long q = lrintf(x);
                    destination[offset] = (uint8_t)((q < -127 ? -127 : q > 127 ? 127 : q) + 128);
                }
            }
        }
    }
}

static int packed_value(const uint8_t *tile, int lane, int column, int bits) {
    int high;
    uint8_t byte = tile[tile_offset(lane, column, bits, &high)];
    return bits == 4 ? (high ? byte >> 4 : byte & 0x0F) - 8 : byte - 128;
}

void qk_dequantize_row(const uint8_t *packed, const float *scales, int k, int bits, int per_row, int row, float *out) {
    int blocks = blocks_of(k), g = row / LANES, lane = row % LANES;
    for (int column = 0; column < k; column++) {
        int b = column / BLOCK;
        const uint8_t *tile = packed + ((size_t)g * blocks + b) * (bits == 4 ? 128 : 256);
        out[column] = (float)packed_value(tile, lane, column % BLOCK, bits) * scales[scale_index(g, b, lane, blocks, per_row)];
    }
}

int qk_activation_limit(int bits) { return bits == 4 ? 127 : 64; }

static void quantize_portable(const float *a, int m, int k, int lda, int bits, int8_t *values, float *scales, int32_t *sums) {
    int blocks = blocks_of(k);
    float limit = (float)qk_activation_limit(bits);
    for (int row = 0; row < m; row++) {
        const float *source = a + (size_t)row * lda;
        for (int b = 0; b < blocks; b++) {
            int first = b * BLOCK, count = k - first < BLOCK ? k - first : BLOCK;
            float amax = 0;
            for (int c = 0; c < count; c++) amax = fmaxf(amax, fabsf(source[first + c]));
            float inverse = amax != 0 ? limit / amax : 0;
            int32_t sum = 0;
            for (int c = 0; c < BLOCK; c++) {
                long q = c < count ? lrintf(source[first + c] * inverse) : 0;
                q = q < -limit ? -limit : q > limit ? limit : q;
                values[((size_t)row * blocks + b) * BLOCK + c] = (int8_t)q;
                sum += (int32_t)q;
            }
            scales[(size_t)row * blocks + b] = amax / limit;
            sums[(size_t)row * blocks + b] = sum;
        }
    }
}

static void store_group(float *c, int ldc, int row, int first_column, int columns, const float *lanes, int accumulate) {
    float *out = c + (size_t)row * ldc + first_column;
    for (int j = 0; j < columns; j++) out[j] = accumulate ? out[j] + lanes[j] : lanes[j];
}

void qk_gemm_portable(int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *sums,
                      const uint8_t *packed, const float *scales, int bits, int per_row, float *c, int ldc, int accumulate) {
    (void)sums;
    int blocks = blocks_of(k), groups = groups_of(n), tile = bits == 4 ? 128 : 256;
    for (int row = 0; row < m; row++) {
        for (int g = 0; g < groups; g++) {
            float lanes[LANES];
            for (int lane = 0; lane < LANES; lane++) {
                float total = 0;
                for (int b = 0; b < blocks; b++) {
                    const int8_t *a = values + ((size_t)row * blocks + b) * BLOCK;
                    const uint8_t *w = packed + ((size_t)g * blocks + b) * tile;
                    int32_t dot = 0;
                    for (int col = 0; col < BLOCK; col++) dot += a[col] * packed_value(w, lane, col, bits);
                    float scale = scales[scale_index(g, b, lane, blocks, per_row)] * activation_scales[(size_t)row * blocks + b];
                    total = fmaf((float)dot, scale, total);
                }
                lanes[lane] = total;
            }
            int first = g * LANES;
            store_group(c, ldc, row, first, n - first < LANES ? n - first : LANES, lanes, accumulate);
        }
    }
}

#ifdef QK_X86

#define AVX2 __attribute__((target("avx2,fma")))

int qk_has_avx2(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return known;
}

/// quantize_portable for whole blocks of 32: the same scale, rounding (to nearest even) and sums; a
/// trailing partial block goes through the portable loop.
static AVX2 void quantize_avx2(const float *a, int m, int k, int lda, int bits, int8_t *values, float *scales, int32_t *sums) {
    int blocks = blocks_of(k), whole = k / BLOCK;
    float limit = (float)qk_activation_limit(bits);
    const __m256 sign_bit = _mm256_set1_ps(-0.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7), ones = _mm256_set1_epi16(1);
    for (int row = 0; row < m; row++) {
        const float *source = a + (size_t)row * lda;
        for (int b = 0; b < whole; b++) {
            __m256 x[4], amax = _mm256_setzero_ps();
            for (int i = 0; i < 4; i++) {
                x[i] = _mm256_loadu_ps(source + b * BLOCK + 8 * i);
                amax = _mm256_max_ps(amax, _mm256_andnot_ps(sign_bit, x[i]));
            }
            __m128 half = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
            half = _mm_max_ps(half, _mm_movehl_ps(half, half));
            half = _mm_max_ss(half, _mm_movehdup_ps(half));
            float largest = _mm_cvtss_f32(half);
            __m256 factor = _mm256_set1_ps(largest != 0 ? limit / largest : 0);
            __m256i q[4];
            for (int i = 0; i < 4; i++) q[i] = _mm256_cvtps_epi32(_mm256_mul_ps(x[i], factor));
            __m256i words = _mm256_packs_epi32(q[0], q[1]), words2 = _mm256_packs_epi32(q[2], q[3]);
            // The packs interleave 128-bit lanes; the permute puts the 32 bytes back in order.
            __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(words, words2), order);
            _mm256_storeu_si256((__m256i *)(values + ((size_t)row * blocks + b) * BLOCK), bytes);
            __m256i widened = _mm256_madd_epi16(_mm256_add_epi16(words, words2), ones);
            __m128i total = _mm_add_epi32(_mm256_castsi256_si128(widened), _mm256_extracti128_si256(widened, 1));
            total = _mm_add_epi32(total, _mm_shuffle_epi32(total, 0x4E));
            total = _mm_add_epi32(total, _mm_shuffle_epi32(total, 0xB1));
            scales[(size_t)row * blocks + b] = largest / limit;
            sums[(size_t)row * blocks + b] = _mm_cvtsi128_si32(total);
        }
        if (whole < blocks) {
            size_t at = (size_t)row * blocks + whole;
            quantize_portable(source + whole * BLOCK, 1, k - whole * BLOCK, lda, bits, values + at * BLOCK, scales + at, sums + at);
        }
    }
}

static inline AVX2 __m256i broadcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/// A tile of RM activation rows × one group of 8 outputs over all blocks: `a[r]` points at row r's first
/// block, `as[r]` / `sums[r]` at its first block's scale / sum, `w` at the group's first tile, `ws` at its
/// first scales. Weights are unsigned (w + 128, or w + 8 in nibbles) and activations signed, as
/// vpmaddubsw needs, and Σ (w + offset) · a − offset · Σa is the dot product. int8: pairs of products are
/// at most 2 · 255 · 64 = 32,640, inside int16, and are widened to int32 per chunk. int4: the 8 chunks'
/// pairs sum to at most 8 · 2 · 15 · 127 = 30,480 in int16 and are widened once per block.
static inline AVX2 __attribute__((always_inline)) void tile_kernel(
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
                    __m256i pairs = _mm256_maddubs_epi16(weights, broadcast4(a[r] + b * BLOCK + 4 * t));
                    dot[r] = _mm256_add_epi32(dot[r], _mm256_madd_epi16(pairs, ones));
                }
            }
        } else {
            for (int p = 0; p < 4; p++) {
                __m256i both = _mm256_loadu_si256((const __m256i *)(w + b * tile + p * 32));
                __m256i low = _mm256_and_si256(both, low_nibbles), high = _mm256_and_si256(_mm256_srli_epi16(both, 4), low_nibbles);
                for (int r = 0; r < RM; r++) {
                    dot[r] = _mm256_add_epi16(dot[r], _mm256_maddubs_epi16(low, broadcast4(a[r] + b * BLOCK + 4 * p)));
                    dot[r] = _mm256_add_epi16(dot[r], _mm256_maddubs_epi16(high, broadcast4(a[r] + b * BLOCK + 4 * p + 16)));
                }
            }
            for (int r = 0; r < RM; r++) dot[r] = _mm256_madd_epi16(dot[r], ones);
        }
        __m256 weight_scale = _mm256_loadu_ps(ws + b * scale_step);
        for (int r = 0; r < RM; r++) {
            __m256i exact = _mm256_sub_epi32(dot[r], _mm256_set1_epi32(offset * sums[r][b]));
            __m256 scale = _mm256_mul_ps(weight_scale, _mm256_set1_ps(as[r][b]));
            acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(exact), scale, acc[r]);
        }
    }
}

static inline AVX2 __attribute__((always_inline)) void run_tile(
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
    tile_kernel(RM, bits, blocks, a, as, s, w, scales + scale_index(g, 0, 0, blocks, per_row), per_row ? 0 : LANES, acc);
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

#define TILE_ARGUMENTS n, blocks, values, activation_scales, sums, packed, scales, per_row, c, ldc, accumulate

/// One weight format's product in tiles of 6 rows × 1 group of 8 outputs (the fewer rows left at the end
/// of a panel in one narrower tile). Rows go in panels of 96 whose activations stay in L2 while each
/// weight group (12 KB at k = 1536 in int8) is reused from L1.
#define DEFINE_GEMM(name, BITS)                                                                                     \
    static AVX2 void name(int m, int n, int k, const int8_t *values, const float *activation_scales,                 \
                          const int32_t *sums, const uint8_t *packed, const float *scales, int per_row, float *c,  \
                          int ldc, int accumulate) {                                                               \
        enum { PANEL = 96 };                                                                                       \
        int blocks = blocks_of(k), groups = groups_of(n);                                                          \
        for (int first = 0; first < m; first += PANEL) {                                                           \
            int last = first + PANEL < m ? first + PANEL : m;                                                      \
            for (int g = 0; g < groups; g++) {                                                                     \
                int row = first;                                                                                   \
                for (; row + 6 <= last; row += 6) run_tile(6, BITS, row, g, TILE_ARGUMENTS);                    \
                switch (last - row) {                                                                              \
                case 5: run_tile(5, BITS, row, g, TILE_ARGUMENTS); break;                                       \
                case 4: run_tile(4, BITS, row, g, TILE_ARGUMENTS); break;                                       \
                case 3: run_tile(3, BITS, row, g, TILE_ARGUMENTS); break;                                       \
                case 2: run_tile(2, BITS, row, g, TILE_ARGUMENTS); break;                                       \
                case 1: run_tile(1, BITS, row, g, TILE_ARGUMENTS); break;                                       \
                }                                                                                                  \
            }                                                                                                      \
        }                                                                                                          \
    }

// Tiles of 6 rows × 1 group were the fastest of 1-8 rows × 1-3 groups on Zen 3 (int8 about 1.45×, int4
// about 1.65× OpenBLAS sgemm on one core).
DEFINE_GEMM(gemm_q8_avx2, 8)
DEFINE_GEMM(gemm_q4_avx2, 4)

void qk_quantize_activations(const float *a, int m, int k, int lda, int bits, int8_t *values, float *scales, int32_t *sums) {
    if (qk_has_avx2()) quantize_avx2(a, m, k, lda, bits, values, scales, sums);
    else quantize_portable(a, m, k, lda, bits, values, scales, sums);
}

void qk_gemm(int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *sums,
             const uint8_t *packed, const float *scales, int bits, int per_row, float *c, int ldc, int accumulate) {
    if (!qk_has_avx2()) qk_gemm_portable(m, n, k, values, activation_scales, sums, packed, scales, bits, per_row, c, ldc, accumulate);
    else if (bits == 8) gemm_q8_avx2(m, n, k, values, activation_scales, sums, packed, scales, per_row, c, ldc, accumulate);
    else gemm_q4_avx2(m, n, k, values, activation_scales, sums, packed, scales, per_row, c, ldc, accumulate);
}

#else

int qk_has_avx2(void) { return 0; }

void qk_quantize_activations(const float *a, int m, int k, int lda, int bits, int8_t *values, float *scales, int32_t *sums) {
    quantize_portable(a, m, k, lda, bits, values, scales, sums);
}

void qk_gemm(int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *sums,
             const uint8_t *packed, const float *scales, int bits, int per_row, float *c, int ldc, int accumulate) {
    qk_gemm_portable(m, n, k, values, activation_scales, sums, packed, scales, bits, per_row, c, ldc, accumulate);
}

#endif
