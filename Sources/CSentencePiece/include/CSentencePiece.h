#ifndef C_SENTENCEPIECE_H
#define C_SENTENCEPIECE_H

// A plain C face over libsentencepiece's C++ SentencePieceProcessor, so that Swift targets can use it
// without C++ interoperability.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CSentencePiece CSentencePiece;

/// Loads a SentencePiece model file. On failure returns NULL and writes the reason into `error`.
CSentencePiece *csp_load(const char *path, char *error, size_t error_capacity);
void csp_free(CSentencePiece *processor);

/// Encodes `length` bytes of UTF-8 into ids. Writes at most `capacity` ids and returns how many the text
/// has (call again with a larger buffer when that is more than `capacity`), or -1 when encoding failed.
long csp_encode(const CSentencePiece *processor, const char *text, size_t length, int32_t *ids, size_t capacity);

int32_t csp_vocabulary_size(const CSentencePiece *processor);
/// The model's special ids (-1 when it has none).
int32_t csp_bos_id(const CSentencePiece *processor);
int32_t csp_eos_id(const CSentencePiece *processor);
int32_t csp_pad_id(const CSentencePiece *processor);

#ifdef __cplusplus
}
#endif

#endif
