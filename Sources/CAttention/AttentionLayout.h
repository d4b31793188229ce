// What the three attention kernels share: the keys each query sees, and where each part of the scratch sits.
#ifndef ATTENTION_LAYOUT_H
#define ATTENTION_LAYOUT_H

#include "CAttention.h"
#include <stddef.h>
#include <stdint.h>

/// The keys lo ..< hi that query i of an n-token sequence sees. Both ends only grow with i, so the keys of queries
/// first ..< last are key_range(first).lo ..< key_range(last − 1).hi.
static inline void ea_key_range(ea_mask mask, int radius, int n, int i, int *lo, int *hi) {
    switch (mask) {
    case EA_MASK_WINDOW:
        *lo = i - radius > 0 ? i - radius : 0;
        *hi = i + radius + 1 < n ? i + radius + 1 : n;
        break;
    case EA_MASK_CAUSAL: *lo = 0; *hi = i + 1; break;
    default: *lo = 0; *hi = n; break;
    }
}

static inline size_t ea_round_up(size_t x, size_t step) { return (x + step - 1) / step * step; }

/// The scratch of one call, each part starting on a 64-byte boundary: the keys in blocks of `block` keys, each block
/// transposed (d rows of `block` floats: dimension c of the block's keys together); the values in rows of
/// `value_width` floats (d rounded up to whole vectors; present only when d is not); both zero past the last key and
/// past d; then the tile's scaled queries, its output sums, its scores and its lane-wise softmax sums.
typedef struct {
    float *key_blocks, *values, *queries, *outputs, *scores, *sums;
    size_t value_width;
    /// The rows the products read the values from, `value_stride` floats apart: `values`, or the caller's own rows when d
    /// is a whole number of vectors (then nothing is copied).
    const float *value_rows;
    size_t value_stride;
} ea_scratch;

/// Floats from `base` (any 4-byte alignment) to the end of the scratch for `keys` keys of width `d`; fills `parts`
/// when it is not NULL.
static inline size_t ea_scratch_layout(float *base, int lanes, int rows, int block, int keys, int d, ea_scratch *parts) {
    size_t padded_keys = ea_round_up((size_t)keys, (size_t)block);
    size_t value_width = ea_round_up((size_t)d, (size_t)lanes);
    size_t sizes[6] = {
        (size_t)d * padded_keys, value_width == (size_t)d ? 0 : padded_keys * value_width, (size_t)rows * (size_t)d,
        (size_t)rows * value_width, (size_t)rows * (size_t)block, (size_t)rows * (size_t)lanes,
    };
    size_t offset = (16 - ((uintptr_t)base / sizeof(float)) % 16) % 16;
    float *starts[6];
    for (int part = 0; part < 6; part++) {
        starts[part] = base + offset;
        offset += ea_round_up(sizes[part], 16);
    }
    if (parts) {
        *parts = (ea_scratch){starts[0], starts[1], starts[2], starts[3], starts[4], starts[5], value_width, starts[1], value_width};
    }
    return offset;
}

#endif
