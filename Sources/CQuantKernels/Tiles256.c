// The AVX2 and AVX-VNNI kernels: Tiles256.h compiled once for each.
#include "QuantLayout.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <string.h>

#define QK_VNNI 0
#define QK_TARGET __attribute__((target("avx2,fma")))
#define QK_NAME(x) x##_avx2
#include "Tiles256.h"
#undef QK_VNNI
#undef QK_TARGET
#undef QK_NAME

#define QK_VNNI 1
#define QK_TARGET __attribute__((target("avx2,fma,avxvnni")))
#define QK_NAME(x) x##_avxvnni
#include "Tiles256.h"
#endif
