// The AVX2 + FMA instance: 8 lanes, tiles of 4 queries against blocks of 16 keys (8 score registers), 2 output vectors
// per row in registers (8 accumulators of the 16 registers).
#if defined(__x86_64__)
#define EA_LANES 8
#define EA_ROWS 4
#define EA_KEY_VECTORS 2
#define EA_VALUE_VECTORS 2
#define EA_TARGET __attribute__((target("avx2,fma")))
#define EA_FUNCTION ea_attend_avx2
#define EA_SCRATCH ea_scratch_avx2
#include "AttentionBody.h"
#endif
