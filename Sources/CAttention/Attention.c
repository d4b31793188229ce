// ea_attend's dispatch, and the portable instance: 4 lanes of compiler vectors (SSE2 on x86-64, NEON on arm64).
#define EA_LANES 4
#define EA_ROWS 4
#define EA_KEY_VECTORS 2
#define EA_VALUE_VECTORS 2
#define EA_TARGET
#define EA_FUNCTION ea_attend_portable
#define EA_SCRATCH ea_scratch_portable
#include "AttentionBody.h"

#if defined(__x86_64__)
#include <pthread.h>

void ea_attend_avx2(const float *q, const float *k, const float *v, ptrdiff_t stride, float *out, ptrdiff_t out_stride, int n,
                    int d, float scale, ea_mask mask, int radius, const float *bias, int first, int last, float *scratch);
size_t ea_scratch_avx2(int keys, int d);
size_t ea_scratch_avx512(int keys, int d);
void ea_attend_avx512(const float *q, const float *k, const float *v, ptrdiff_t stride, float *out, ptrdiff_t out_stride, int n,
                      int d, float scale, ea_mask mask, int radius, const float *bias, int first, int last, float *scratch);

static int supported[EA_KERNEL_AVX512 + 1];

/// Fills `supported` once per process (__builtin_cpu_supports also checks that the OS saves the 512-bit registers).
static void detect_kernels(void) {
    __builtin_cpu_init();
    supported[EA_KERNEL_PORTABLE] = 1;
    supported[EA_KERNEL_AVX2] = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    supported[EA_KERNEL_AVX512] = supported[EA_KERNEL_AVX2] && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}

int ea_kernel_supported(ea_kernel kernel) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    if (kernel < EA_KERNEL_PORTABLE || kernel > EA_KERNEL_AVX512) return 0;
    pthread_once(&once, detect_kernels);
    return supported[kernel];
}
#else
int ea_kernel_supported(ea_kernel kernel) { return kernel == EA_KERNEL_PORTABLE; }
#endif

ea_kernel ea_best_kernel(void) {
    return ea_kernel_supported(EA_KERNEL_AVX512) ? EA_KERNEL_AVX512 : ea_kernel_supported(EA_KERNEL_AVX2) ? EA_KERNEL_AVX2 : EA_KERNEL_PORTABLE;
}

/// Arguments ea_attend can run: a sequence, a head width, rows within it, a radius not negative.
static int valid_call(int n, int d, int radius, int first, int last) {
    return n >= 1 && d >= 1 && first >= 0 && last <= n && first < last && radius >= 0;
}

size_t ea_scratch_floats(ea_kernel kernel, int n, int d, ea_mask mask, int radius, int first, int last) {
    if (!valid_call(n, d, radius, first, last)) return 0;
    int lo, hi, unused;
    ea_key_range(mask, radius, n, first, &lo, &unused);
    ea_key_range(mask, radius, n, last - 1, &unused, &hi);
    switch (kernel) {
#if defined(__x86_64__)
    case EA_KERNEL_AVX512: return ea_scratch_avx512(hi - lo, d);
    case EA_KERNEL_AVX2: return ea_scratch_avx2(hi - lo, d);
#endif
    default: return ea_scratch_portable(hi - lo, d);
    }
}

int ea_attend(ea_kernel kernel, const float *q, const float *k, const float *v, ptrdiff_t stride, float *out, ptrdiff_t out_stride,
              int n, int d, float scale, ea_mask mask, int radius, const float *bias, int first, int last, float *scratch) {
    if (!ea_kernel_supported(kernel) || !valid_call(n, d, radius, first, last)) return 0;
    switch (kernel) {
#if defined(__x86_64__)
    case EA_KERNEL_AVX512: ea_attend_avx512(q, k, v, stride, out, out_stride, n, d, scale, mask, radius, bias, first, last, scratch); break;
    case EA_KERNEL_AVX2: ea_attend_avx2(q, k, v, stride, out, out_stride, n, d, scale, mask, radius, bias, first, last, scratch); break;
#endif
    default: ea_attend_portable(q, k, v, stride, out, out_stride, n, d, scale, mask, radius, bias, first, last, scratch); break;
    }
    return 1;
}
