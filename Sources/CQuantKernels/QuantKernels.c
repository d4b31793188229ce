#include "CQuantKernels.h"
#include "QuantLayout.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <pthread.h>
#include <immintrin.h>
#define QK_X86 1
#endif

size_t qk_packed_bytes(int n, int k, int bits) {
    return (size_t)groups_of(n) * blocks_of(k) * tile_bytes(bits);
}

size_t qk_scale_count(int n, int k, int per_row) {
    return (size_t)groups_of(n) * LANES * (per_row ? 1 : blocks_of(k));
}

/// Byte offset of weight (lane j, column c within block) inside a (group, block) tile, and for int4
/// whether it sits in the high nibble.
static size_t tile_offset(int lane, int column, int bits, int *high) {
    int chunk = column / 4, byte = column % 4;
    *high = bits == 4 && chunk >= 4;
    int stored_chunk = bits == 4 ? chunk % 4 : chunk;
    return (size_t)stored_chunk * LANES * 4 + lane * 4 + byte;
}

void qk_pack(const float *w, int n, int k, int ldw, int bits, int per_row, uint8_t *packed, float *scales) {
    int blocks = blocks_of(k), tile = tile_bytes(bits);
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
        const uint8_t *tile = packed + ((size_t)g * blocks + b) * tile_bytes(bits);
        out[column] = (float)packed_value(tile, lane, column % BLOCK, bits) * scales[scale_index(g, b, lane, blocks, per_row)];
    }
}

int qk_activation_limit(int bits, qk_kernel kernel) { return bits == 8 && kernel == QK_KERNEL_AVX2 ? 64 : 127; }

static void quantize_portable(const float *a, int m, int k, int lda, int bits, int limit_, int8_t *values, float *scales, int32_t *corrections) {
    int blocks = blocks_of(k);
    float limit = (float)limit_;
    for (int row = 0; row < m; row++) {
        const float *source = a + (size_t)row * lda;
        for (int b = 0; b < blocks; b++) {
            int first = b * BLOCK, count = k - first < BLOCK ? k - first : BLOCK;
            float amax = 0;
            for (int c = 0; c < count; c++) amax = fmaxf(amax, fabsf(source[first + c]));
            float inverse = amax != 0 ? limit / amax : 0;
            int32_t sum = 0, offset = weight_offset(bits);
            for (int c = 0; c < BLOCK; c++) {
                long q = c < count ? lrintf(source[first + c] * inverse) : 0;
                q = q < -limit ? -limit : q > limit ? limit : q;
                values[((size_t)row * blocks + b) * BLOCK + c] = (int8_t)q;
                sum += (int32_t)q;
            }
            scales[(size_t)row * blocks + b] = amax / limit;
            corrections[(size_t)row * blocks + b] = -offset * sum;
        }
    }
}

static void gemm_portable(int bits, int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *corrections,
                          const uint8_t *packed, const float *scales, int per_row, float *c, int ldc, int accumulate) {
    (void)corrections;
    int blocks = blocks_of(k), groups = groups_of(n), tile = tile_bytes(bits);
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
            store_lanes(c, ldc, row, first, n - first < LANES ? n - first : LANES, lanes, accumulate);
        }
    }
}

#ifdef QK_X86

#define AVX2 __attribute__((target("avx2,fma")))

/// quantize_portable for whole blocks of 32: the same scale, rounding (to nearest even) and corrections; a
/// trailing partial block goes through the portable loop.
static AVX2 void quantize_avx2(const float *a, int m, int k, int lda, int bits, int limit_, int8_t *values, float *scales, int32_t *corrections) {
    int blocks = blocks_of(k), whole = k / BLOCK;
    float limit = (float)limit_;
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
            corrections[(size_t)row * blocks + b] = -weight_offset(bits) * _mm_cvtsi128_si32(total);
        }
        if (whole < blocks) {
            size_t at = (size_t)row * blocks + whole;
            quantize_portable(source + whole * BLOCK, 1, k - whole * BLOCK, lda, bits, limit_, values + at * BLOCK, scales + at, corrections + at);
        }
    }
}

/// AVX-VNNI (vpdpbusd on 256-bit vectors): CPUID leaf 7, subleaf 1, EAX bit 4.
static int has_avxvnni(void) {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    return __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) && ((eax >> 4) & 1);
}

static int supported[QK_KERNEL_AVX512VNNI + 1];

/// Fills `supported` once per process (pthread_once: products on several threads may ask first).
static void detect_kernels(void) {
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    supported[QK_KERNEL_PORTABLE] = 1;
    supported[QK_KERNEL_AVX2] = avx2;
    supported[QK_KERNEL_AVXVNNI] = avx2 && has_avxvnni();
    // __builtin_cpu_supports also checks that the OS saves the 512-bit registers (XCR0).
    supported[QK_KERNEL_AVX512VNNI] = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                                      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}

int qk_kernel_supported(qk_kernel kernel) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    if (kernel < 0 || kernel > QK_KERNEL_AVX512VNNI) return 0;
    pthread_once(&once, detect_kernels);
    return supported[kernel];
}

void qk_quantize_activations(const float *a, int m, int k, int lda, int bits, int limit, int8_t *values, float *scales, int32_t *corrections) {
    if (qk_kernel_supported(QK_KERNEL_AVX2)) quantize_avx2(a, m, k, lda, bits, limit, values, scales, corrections);
    else quantize_portable(a, m, k, lda, bits, limit, values, scales, corrections);
}

#else

int qk_kernel_supported(qk_kernel kernel) { return kernel == QK_KERNEL_PORTABLE; }

void qk_quantize_activations(const float *a, int m, int k, int lda, int bits, int limit, int8_t *values, float *scales, int32_t *corrections) {
    quantize_portable(a, m, k, lda, bits, limit, values, scales, corrections);
}

#endif

qk_kernel qk_best_kernel(void) {
    qk_kernel best = QK_KERNEL_PORTABLE;
    for (qk_kernel kernel = QK_KERNEL_AVX2; kernel <= QK_KERNEL_AVX512VNNI; kernel++) {
        if (qk_kernel_supported(kernel)) best = kernel;
    }
    return best;
}

int qk_gemm(qk_kernel kernel, int m, int n, int k, const int8_t *values, const float *activation_scales, const int32_t *corrections,
            const uint8_t *packed, const float *scales, int bits, int per_row, float *c, int ldc, int accumulate) {
    if (!qk_kernel_supported(kernel)) return 0;
    switch (kernel) {
#ifdef QK_X86
    case QK_KERNEL_AVX2: qk_tiles_avx2(bits, QK_PRODUCT_ARGUMENTS); break;
    case QK_KERNEL_AVXVNNI: qk_tiles_avxvnni(bits, QK_PRODUCT_ARGUMENTS); break;
    case QK_KERNEL_AVX512VNNI: qk_tiles_avx512vnni(bits, QK_PRODUCT_ARGUMENTS); break;
#endif
    default: gemm_portable(bits, QK_PRODUCT_ARGUMENTS); break;
    }
    return 1;
}
