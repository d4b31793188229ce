import Foundation

/// What an embedding cache holds, per model and in total, and whether SQLite finds the file sound.
public struct CacheStats {
    /// One model's embeddings.
    public struct Model {
        /// `Encoder.cacheKey`.
        public var key: String
        /// Model name and weights variant, for people.
        public var label: String
        public var dimension: Int
        public var embeddings: Int
        /// Bytes of the stored rows (key, vector, checksum, time); the file adds SQLite's page overhead.
        public var bytes: Int
        public var lastUsed: Date
    }

    public var file: URL
    /// Size of the database file and its write-ahead log.
    public var fileBytes: Int
    /// Most recently used first.
    public var models: [Model]
    /// `PRAGMA quick_check`'s findings: `["ok"]` for a sound file.
    public var integrity: [String]

    public var embeddings: Int { models.reduce(0) { $0 + $1.embeddings } }
    public var bytes: Int { models.reduce(0) { $0 + $1.bytes } }
}

/// What `prune` removed.
public struct PruneReport {
    public var removedEmbeddings: Int
    public var remainingEmbeddings: Int
    /// Size of the database file and its write-ahead log before and after (the file is compacted).
    public var fileBytesBefore: Int
    public var fileBytesAfter: Int
    /// Why the old file was replaced by an empty one instead (it was corrupt or of another schema), if it was.
    public var replacedBecause: String?
}
