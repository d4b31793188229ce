"""The stand-in model of the scale benchmark: a hashed bag of words.

Each whitespace-separated word picks a row of a fixed random Gaussian matrix (65,536 rows, seed 0) by its CRC-32; a
text's embedding is the sum of its words' rows, L2-normalised, in float32. It is fast, deterministic and has the
shape of a real model's output (384 dimensions by default), and numpy can recompute it for a brute-force check. It
is not a language model: its scores measure the benchmark's machinery, not retrieval quality.
"""
import zlib

import numpy as np

BUCKETS = 1 << 16


class HashEmbedding:
    def __init__(self, dimension=384):
        self.dimension = dimension
        self.rows = np.random.default_rng(0).standard_normal((BUCKETS, dimension), dtype=np.float32)

    @staticmethod
    def buckets(text):
        return [zlib.crc32(word.encode()) % BUCKETS for word in text.split()]

    def embed(self, text):
        """One text's float32 vector (zero words: the first row, so that no vector is zero)."""
        buckets = self.buckets(text) or [0]
        vector = self.rows[buckets].sum(axis=0, dtype=np.float64)
        return (vector / np.linalg.norm(vector)).astype(np.float32)
