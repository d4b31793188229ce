#include "CSentencePiece.h"

#include <sentencepiece_processor.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

struct CSentencePiece {
    sentencepiece::SentencePieceProcessor processor;
};

CSentencePiece *csp_load(const char *path, char *error, size_t error_capacity) {
    auto *wrapper = new CSentencePiece();
    const auto status = wrapper->processor.Load(path);
    if (!status.ok()) {
        if (error_capacity > 0) {
            std::strncpy(error, status.ToString().c_str(), error_capacity - 1);
            error[error_capacity - 1] = '\0';
        }
        delete wrapper;
        return nullptr;
    }
    return wrapper;
}

void csp_free(CSentencePiece *processor) { delete processor; }

long csp_encode(const CSentencePiece *processor, const char *text, size_t length, int32_t *ids, size_t capacity) {
    std::vector<int> pieces;
    if (!processor->processor.Encode(std::string(text, length), &pieces).ok()) return -1;
    const size_t copied = std::min(capacity, pieces.size());
    for (size_t i = 0; i < copied; ++i) ids[i] = pieces[i];
    return static_cast<long>(pieces.size());
}

int32_t csp_vocabulary_size(const CSentencePiece *processor) { return processor->processor.GetPieceSize(); }

int32_t csp_bos_id(const CSentencePiece *processor) { return processor->processor.bos_id(); }
int32_t csp_eos_id(const CSentencePiece *processor) { return processor->processor.eos_id(); }
int32_t csp_pad_id(const CSentencePiece *processor) { return processor->processor.pad_id(); }
