// The most a vpmaddubsw-based int8 product can gain over f32 FMAs on this CPU, measured rather than read
// from instruction tables: the inner loop of Sources/CQuantKernels' q8 kernel (per 32 multiply-adds: a
// 4-byte activation broadcast from memory, vpmaddubsw, vpmaddwd, vpaddd; six rows share a weight
// register) against the f32 loop it replaces (per 8 multiply-adds one vfmadd231ps), both with enough
// independent accumulators to hide latency. No memory traffic beyond L1, no scaling: a ceiling.
//
//   cc -O2 -mavx2 -mfma scripts/int8_ceiling.c -o /tmp/int8_ceiling && /tmp/int8_ceiling
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    enum { ROUNDS = 50000000 };
    int8_t activations[6 * 4] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    double best_int8 = 1e9, best_f32 = 1e9;
    for (int trial = 0; trial < 5; trial++) {
        __m256i weights = _mm256_set1_epi8(3), ones = _mm256_set1_epi16(1), acc[6];
        for (int r = 0; r < 6; r++) acc[r] = _mm256_setzero_si256();
        double start = now();
        for (long n = 0; n < ROUNDS; n++) {
            // Written in assembly so the compiler can neither hoist nor fold the loop-invariant products.
            for (int r = 0; r < 6; r++) {
                __m256i a;
                __asm__ volatile("vpbroadcastd %[act], %[a]\n\t"
                                 "vpmaddubsw %[a], %[w], %[a]\n\t"
                                 "vpmaddwd %[ones], %[a], %[a]\n\t"
                                 "vpaddd %[a], %[acc], %[acc]"
                                 : [a] "=&x"(a), [acc] "+x"(acc[r])
                                 : [act] "m"(*(const int32_t *)(activations + 4 * r)), [w] "x"(weights), [ones] "x"(ones));
            }
        }
        double int8 = (now() - start) / (ROUNDS * 6.0 * 32);
        __m256 f[12], x = _mm256_set1_ps(1.0f), y = _mm256_set1_ps(0.5f);
        for (int i = 0; i < 12; i++) f[i] = _mm256_setzero_ps();
        start = now();
        for (long n = 0; n < ROUNDS; n++) {
            for (int i = 0; i < 12; i++) __asm__ volatile("vfmadd231ps %[y], %[x], %[f]" : [f] "+x"(f[i]) : [x] "x"(x), [y] "x"(y));
        }
        double f32 = (now() - start) / (ROUNDS * 12.0 * 8);
        int32_t sink[8];
        _mm256_storeu_si256((__m256i *)sink, acc[0]);
        float fsink[8];
        _mm256_storeu_ps(fsink, f[0]);
        if (sink[0] == 42 && fsink[0] == 42) puts("");
        if (int8 < best_int8) best_int8 = int8;
        if (f32 < best_f32) best_f32 = f32;
    }
    printf("ns per multiply-add: int8 (vpmaddubsw + vpmaddwd + vpaddd) %.4f, f32 (vfmadd231ps) %.4f; int8 ceiling %.2fx f32\n",
           best_int8 * 1e9, best_f32 * 1e9, best_f32 / best_int8);
    return 0;
}
