// ea_attend's dispatch, and the portable instance: 4 lanes of compiler vectors (SSE2 on x86-64, NEON on arm64).
#define EA_LANES 4
#define EA_ROWS 4
#define EA_KEY_VECTORS 2
#define EA_VALUE_VECTORS 2
#define EA_TARGET
#define EA_FUNCTION ea_attend_portable
#include "AttentionBody.h"

#if defined(__x86_64__)
#include <pthread.h>

void ea_attend_avx2(const float *q, const float *k, const float *v, ptrdiff_t stride, float *out, ptrdiff_t out_stride, int n,
                    int d, float scale, ea_mask mask, int radius, const float *bias, int first, int last, float *scratch);
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

/// Lanes, tile rows and key block of each kernel, as its file defines them.
static void kernel_shape(ea_kernel kernel, int *lanes, int *rows, int *block) {
    switch (kernel) {
    case EA_KERNEL_AVX512: *lanes = 16; *rows = 8; *block = 16; break;
    case EA_KERNEL_AVX2: *lanes = 8; *rows = 4; *block = 16; break;
    default: *lanes = 4; *rows = 4; *block = 8; break;
    }
}

size_t ea_scratch_floats(ea_kernel kernel, int keys, int d) {
    int lanes, rows, block;
    kernel_shape(kernel, &lanes, &rows, &block);
    // From a base 4 bytes past a 64-byte boundary, the first part starts 15 floats on.
    return ea_scratch_layout((float *)(uintptr_t)sizeof(float), lanes, rows, block, keys, d, NULL);
}

int ea_attend(ea_kernel kernel, const float *q, const float *k, const float *v, ptrdiff_t stride, float *out, ptrdiff_t out_stride,
              int n, int d, float scale, ea_mask mask, int radius, const float *bias, int first, int last, float *scratch) {
    if (!ea_kernel_supported(kernel) || n < 1 || d < 1 || first < 0 || last > n || first >= last || radius < 0) return 0;
    switch (kernel) {
#if defined(__x86_64__)
    case EA_KERNEL_AVX512: ea_attend_avx512(q, k, v, stride, out, out_stride, n, d, scale, mask, radius, bias, first, last, scratch); break;
    case EA_KERNEL_AVX2: ea_attend_avx2(q, k, v, stride, out, out_stride, n, d, scale, mask, radius, bias, first, last, scratch); break;
#endif
    default: ea_attend_portable(q, k, v, stride, out, out_stride, n, d, scale, mask, radius, bias, first, last, scratch); break;
    }
    return 1;
}
