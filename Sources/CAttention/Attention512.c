// The AVX-512 instance: 16 lanes, tiles of 8 queries against blocks of 16 keys (8 score registers), 2 output vectors
// per row in registers (16 accumulators of the 32 registers).
#if defined(__x86_64__)
#define EA_LANES 16
#define EA_ROWS 8
#define EA_KEY_VECTORS 1
#define EA_VALUE_VECTORS 2
#define EA_TARGET __attribute__((target("avx2,fma,avx512f,avx512dq")))
#define EA_FUNCTION ea_attend_avx512
#define EA_SCRATCH ea_scratch_avx512
#include "AttentionBody.h"
#endif
