// The attention kernel, written once over compiler vectors and compiled per instruction set: a file defines
// EA_LANES (floats per vector), EA_ROWS (query rows per tile), EA_KEY_VECTORS (vectors of keys per block),
// EA_VALUE_VECTORS (vectors of output columns kept in registers at once), EA_TARGET (a function attribute or
// nothing), EA_FUNCTION (the name of the entry point) and EA_SCRATCH (the name of its scratch size), then includes
// this file.
#include "AttentionLayout.h"
#include <math.h>
#include <string.h>

#define EA_BLOCK (EA_LANES * EA_KEY_VECTORS)
_Static_assert(EA_ROWS <= EA_LANES, "one vector holds the tile's softmax corrections");
#define EA_INLINE static inline EA_TARGET __attribute__((always_inline))

typedef float ea_vf __attribute__((ext_vector_type(EA_LANES)));
typedef float ea_vf_unaligned __attribute__((ext_vector_type(EA_LANES), aligned(4)));
typedef int ea_vi __attribute__((ext_vector_type(EA_LANES)));

EA_INLINE ea_vf load(const float *p) { return *(const ea_vf_unaligned *)p; }
EA_INLINE ea_vf load_aligned(const float *p) { return *(const ea_vf *)p; }
EA_INLINE void store_aligned(float *p, ea_vf x) { *(ea_vf *)p = x; }
EA_INLINE ea_vf splat(float x) { return (ea_vf)x; }
/// Lane-wise maximum as a compare and a blend (no NaN handling: the scores are finite or −∞).
EA_INLINE ea_vf vmax(ea_vf a, ea_vf b) { return a > b ? a : b; }
EA_INLINE ea_vf vmin(ea_vf a, ea_vf b) { return a < b ? a : b; }

/// The largest lane, by halving.
EA_INLINE float hmax(ea_vf x) {
#if EA_LANES == 16
    ea_vf h = vmax(x, __builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
    x = h;
#endif
#if EA_LANES >= 8
    {
        __attribute__((ext_vector_type(8))) float e = __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7);
        __attribute__((ext_vector_type(8))) float f = __builtin_shufflevector(x, x, 4, 5, 6, 7, 0, 1, 2, 3);
        e = e > f ? e : f;
        __attribute__((ext_vector_type(4))) float g = __builtin_shufflevector(e, e, 0, 1, 2, 3);
        __attribute__((ext_vector_type(4))) float hh = __builtin_shufflevector(g, g, 2, 3, 0, 1);
        g = g > hh ? g : hh;
        hh = __builtin_shufflevector(g, g, 1, 0, 3, 2);
        g = g > hh ? g : hh;
        return g[0];
    }
#else
    ea_vf y = __builtin_shufflevector(x, x, 2, 3, 0, 1);
    x = vmax(x, y);
    y = __builtin_shufflevector(x, x, 1, 0, 3, 2);
    x = vmax(x, y);
    return x[0];
#endif
}

/// exp(x) lane-wise, Cephes' range reduction and polynomial (about 1 ulp from libm, as VectorMath.exp), and exactly 0
/// below −87.3 (so masked scores, −∞, weigh nothing).
EA_INLINE ea_vf vexp(ea_vf input) {
    const ea_vf low = splat(-87.3f);
    ea_vf x = vmin(vmax(input, low), splat(88.3f));
    ea_vf n = __builtin_elementwise_roundeven(x * 1.44269504088896341f);
    ea_vf r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    ea_vf p = splat(1.9875691500e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    ea_vf y = p * r * r + r + 1.0f;
    ea_vi power = (__builtin_convertvector(n, ea_vi) + 127) << 23;
    ea_vf result = y * (ea_vf)power;
    return (ea_vf)((ea_vi)result & (ea_vi)(input >= low));
}

/// Copies the keys lo ..< hi into transposed blocks, zero past the last key, and points the products at the values:
/// the caller's rows when d is a whole number of vectors, else copies padded with zeros past d.
EA_INLINE void pack_keys_values(const float *k, const float *v, ptrdiff_t stride, int lo, int hi, int d, ea_scratch *s) {
    int count = hi - lo;
    size_t padded = ea_round_up((size_t)count, EA_BLOCK);
    int copy_values = (size_t)d != s->value_width;
    memset(s->key_blocks, 0, sizeof(float) * (size_t)d * padded);
    if (copy_values) {
        memset(s->values, 0, sizeof(float) * padded * s->value_width);
    } else {
        s->value_rows = v + (ptrdiff_t)lo * stride;
        s->value_stride = (size_t)stride;
    }
    for (int j = 0; j < count; j++) {
        const float *key = k + (ptrdiff_t)(lo + j) * stride;
        float *column = s->key_blocks + (size_t)(j / EA_BLOCK) * (size_t)d * EA_BLOCK + j % EA_BLOCK;
        // Strided stores: vectorised, they become scatters, far slower than scalar stores on AMD.
#pragma clang loop vectorize(disable)
        for (int c = 0; c < d; c++) column[c * EA_BLOCK] = key[c];
        if (copy_values) memcpy(s->values + (size_t)j * s->value_width, v + (ptrdiff_t)(lo + j) * stride, sizeof(float) * (size_t)d);
    }
}

/// Scores of the tile's rows (queries stored transposed: dimension c of every row together) against key block `block`:
/// scaled q · k summed over d.
EA_INLINE void block_scores(const ea_scratch *s, int d, size_t block, ea_vf acc[EA_ROWS][EA_KEY_VECTORS]) {
    for (int r = 0; r < EA_ROWS; r++) {
        for (int t = 0; t < EA_KEY_VECTORS; t++) acc[r][t] = splat(0);
    }
    const float *keys = s->key_blocks + block * (size_t)d * EA_BLOCK, *queries = s->queries;
    for (int c = 0; c < d; c++, keys += EA_BLOCK, queries += EA_ROWS) {
        ea_vf key[EA_KEY_VECTORS];
        for (int t = 0; t < EA_KEY_VECTORS; t++) key[t] = load_aligned(keys + t * EA_LANES);
        for (int r = 0; r < EA_ROWS; r++) {
            ea_vf query = splat(queries[r]);
            for (int t = 0; t < EA_KEY_VECTORS; t++) acc[r][t] += query * key[t];
        }
    }
}

/// Adds p · v over `count` keys from value row `row` into the tile's outputs, after scaling them by `alpha` (each
/// row's correction for its new maximum), EA_VALUE_VECTORS vectors of columns at a time, then one at a time.
EA_INLINE void accumulate_values(const ea_scratch *s, size_t row, int count, const float alpha[EA_ROWS]) {
    size_t width = s->value_width, column = 0;
    for (; column + EA_VALUE_VECTORS * EA_LANES <= width; column += EA_VALUE_VECTORS * EA_LANES) {
        ea_vf acc[EA_ROWS][EA_VALUE_VECTORS];
        for (int r = 0; r < EA_ROWS; r++) {
            for (int c = 0; c < EA_VALUE_VECTORS; c++) acc[r][c] = load_aligned(s->outputs + r * width + column + c * EA_LANES) * alpha[r];
        }
        for (int t = 0; t < count; t++) {
            const float *value = s->value_rows + (row + t) * s->value_stride + column;
            ea_vf v[EA_VALUE_VECTORS];
            for (int c = 0; c < EA_VALUE_VECTORS; c++) v[c] = load(value + c * EA_LANES);
            for (int r = 0; r < EA_ROWS; r++) {
                ea_vf p = splat(s->scores[r * EA_BLOCK + t]);
                for (int c = 0; c < EA_VALUE_VECTORS; c++) acc[r][c] += p * v[c];
            }
        }
        for (int r = 0; r < EA_ROWS; r++) {
            for (int c = 0; c < EA_VALUE_VECTORS; c++) store_aligned(s->outputs + r * width + column + c * EA_LANES, acc[r][c]);
        }
    }
    for (; column < width; column += EA_LANES) {
        ea_vf acc[EA_ROWS];
        for (int r = 0; r < EA_ROWS; r++) acc[r] = load_aligned(s->outputs + r * width + column) * alpha[r];
        for (int t = 0; t < count; t++) {
            ea_vf v = load(s->value_rows + (row + t) * s->value_stride + column);
            for (int r = 0; r < EA_ROWS; r++) acc[r] += splat(s->scores[r * EA_BLOCK + t]) * v;
        }
        for (int r = 0; r < EA_ROWS; r++) store_aligned(s->outputs + r * width + column, acc[r]);
    }
}

/// One tile: query rows i0 ..< i0 + rows (rows ≤ EA_ROWS; the missing rows repeat the last one's keys), keys packed
/// from `lo`. Each block of keys: scores, masked and biased at the edges, then the running maximum m and lane-wise
/// sums l corrected by alpha = exp(m_old − m_new), p = exp(score − m_new), outputs = alpha · outputs + p · v.
EA_INLINE void tile(const float *q, ptrdiff_t stride, float *out, ptrdiff_t out_stride, int n, int d, float scale,
                    ea_mask mask, int radius, const float *bias, int i0, int rows, int lo, const ea_scratch *s) {
    int key_lo[EA_ROWS], key_hi[EA_ROWS];
    float maximum[EA_ROWS];
    for (int r = 0; r < EA_ROWS; r++) {
        int i = i0 + (r < rows ? r : rows - 1);
        ea_key_range(mask, radius, n, i, &key_lo[r], &key_hi[r]);
        maximum[r] = -INFINITY;
#pragma clang loop vectorize(disable)
        for (int c = 0; c < d; c++) s->queries[c * EA_ROWS + r] = r < rows ? q[(ptrdiff_t)i * stride + c] * scale : 0;
        for (size_t c = 0; c < s->value_width; c++) s->outputs[r * s->value_width + c] = 0;
        store_aligned(s->sums + r * EA_LANES, splat(0));
    }
    // Blocks start at whole blocks from lo (a window's first block may begin before the tile's keys: masked).
    for (int j0 = lo + (key_lo[0] - lo) / EA_BLOCK * EA_BLOCK; j0 < key_hi[EA_ROWS - 1]; j0 += EA_BLOCK) {
        ea_vf acc[EA_ROWS][EA_KEY_VECTORS];
        block_scores(s, d, (size_t)((j0 - lo) / EA_BLOCK), acc);
        float shift[EA_LANES] = {0}, previous[EA_LANES] = {0};
        for (int r = 0; r < EA_ROWS; r++) {
            float *row = s->scores + r * EA_BLOCK;
            for (int t = 0; t < EA_KEY_VECTORS; t++) store_aligned(row + t * EA_LANES, acc[r][t]);
            int i = i0 + (r < rows ? r : rows - 1);
            if (j0 < key_lo[r] || j0 + EA_BLOCK > key_hi[r] || bias) {
                for (int t = 0; t < EA_BLOCK; t++) {
                    int j = j0 + t;
                    if (j < key_lo[r] || j >= key_hi[r]) row[t] = -INFINITY;
                    else if (bias) row[t] += bias[j - i];
                }
            }
            ea_vf lanes = load_aligned(row);
            for (int t = 1; t < EA_KEY_VECTORS; t++) lanes = vmax(lanes, load_aligned(row + t * EA_LANES));
            float block_max = hmax(lanes);
            float new_max = block_max > maximum[r] ? block_max : maximum[r];
            // A row that has seen only masked keys keeps shift 0: its sums and outputs are still 0.
            shift[r] = new_max == -INFINITY ? 0 : new_max;
            previous[r] = maximum[r];
            maximum[r] = new_max;
        }
        float alpha[EA_LANES];
        *(ea_vf_unaligned *)alpha = vexp(load(previous) - load(shift));
        for (int r = 0; r < EA_ROWS; r++) {
            float *row = s->scores + r * EA_BLOCK;
            ea_vf sum = load_aligned(s->sums + r * EA_LANES) * alpha[r];
            for (int t = 0; t < EA_KEY_VECTORS; t++) {
                ea_vf p = vexp(load_aligned(row + t * EA_LANES) - shift[r]);
                store_aligned(row + t * EA_LANES, p);
                sum += p;
            }
            store_aligned(s->sums + r * EA_LANES, sum);
        }
        int count = key_hi[EA_ROWS - 1] - j0 < EA_BLOCK ? key_hi[EA_ROWS - 1] - j0 : EA_BLOCK;
        accumulate_values(s, (size_t)(j0 - lo), count, alpha);
    }
    for (int r = 0; r < rows; r++) {
        float total = 0;
        for (int t = 0; t < EA_LANES; t++) total += s->sums[r * EA_LANES + t];
        float *target = out + (ptrdiff_t)(i0 + r) * out_stride;
        for (int c = 0; c < d; c++) target[c] = s->outputs[r * s->value_width + c] / total;
    }
}

EA_TARGET void EA_FUNCTION(const float *q, const float *k, const float *v, ptrdiff_t stride, float *out, ptrdiff_t out_stride,
                           int n, int d, float scale, ea_mask mask, int radius, const float *bias, int first, int last, float *scratch) {
    int lo, hi, unused;
    ea_key_range(mask, radius, n, first, &lo, &unused);
    ea_key_range(mask, radius, n, last - 1, &unused, &hi);
    ea_scratch s;
    ea_scratch_layout(scratch, EA_LANES, EA_ROWS, EA_BLOCK, hi - lo, d, &s);
    pack_keys_values(k, v, stride, lo, hi, d, &s);
    for (int i0 = first; i0 < last; i0 += EA_ROWS) {
        tile(q, stride, out, out_stride, n, d, scale, mask, radius, bias, i0, last - i0 < EA_ROWS ? last - i0 : EA_ROWS, lo, &s);
    }
}

/// Floats of scratch EA_FUNCTION needs for `keys` keys of width d, from any 4-byte aligned base (a base 4 bytes past a
/// 64-byte boundary puts the first part 15 floats on).
size_t EA_SCRATCH(int keys, int d) {
    return ea_scratch_layout((float *)(uintptr_t)sizeof(float), EA_LANES, EA_ROWS, EA_BLOCK, keys, d, NULL);
}
