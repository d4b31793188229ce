import Foundation

extension EmbeddingCache {
    /// Bytes a row takes apart from SQLite's overhead: its key and vector blobs, checksum and time.
    static let rowBytesSQL = "length(text_key) + length(vector) + 16"

    /// Per-model counts and sizes, the file's size, and the integrity verdict: `PRAGMA quick_check`'s, then every
    /// stored vector checked as `lookup` checks it (length, checksum, finite values).
    public func stats() throws -> CacheStats {
        try reportingSQLiteErrors {
            let check = try database.prepare("PRAGMA quick_check")
            var integrity: [String] = []
            while try check.step() { integrity.append(check.text(0)) }
            if integrity == ["ok"], let problem = try firstBadVector() { integrity = [problem] }
            let query = try database.prepare("""
                SELECT m.key, m.label, m.dimension, count(e.text_key), coalesce(sum(\(Self.rowBytesSQL)), 0), m.last_used
                FROM models m LEFT JOIN embeddings e ON e.model = m.id GROUP BY m.id ORDER BY m.last_used DESC
                """)
            var models: [CacheStats.Model] = []
            while try query.step() {
                models.append(CacheStats.Model(key: query.text(0), label: query.text(1), dimension: Int(query.int(2)), embeddings: Int(query.int(3)),
                                               bytes: Int(query.int(4)), lastUsed: Date(timeIntervalSince1970: query.double(5))))
            }
            return CacheStats(file: file, fileBytes: Self.fileBytes(file), models: models, integrity: integrity)
        }
    }

    /// The first stored vector that `lookup` would refuse, described; nil when every one is sound.
    func firstBadVector() throws -> String? {
        let rows = try database.prepare("SELECT e.vector, e.checksum, m.dimension, m.label FROM embeddings e JOIN models m ON e.model = m.id")
        while try rows.step() {
            let dimension = Int(rows.int(2)), label = rows.text(3), checksum = rows.int(1)
            if let problem = try rows.blob(0, { Self.problem(with: $0, checksum: checksum, dimension: dimension) }) {
                return "a stored embedding of \(label) \(problem)"
            }
        }
        return nil
    }

    /// Removes embeddings last used before `cutoff`, then the least recently used until the rows take at most
    /// `maxBytes` (as `CacheStats.bytes` counts them), or with `all` everything; then compacts the file.
    public func prune(olderThan cutoff: Date? = nil, maxBytes: Int? = nil, all: Bool = false) throws -> PruneReport {
        try reportingSQLiteErrors { try pruneRows(olderThan: cutoff, maxBytes: maxBytes, all: all) }
    }

    func pruneRows(olderThan cutoff: Date?, maxBytes: Int?, all: Bool) throws -> PruneReport {
        let before = Self.fileBytes(file)
        let (removed, remaining) = try database.transaction { () throws -> (Int, Int) in
            var removed = 0
            if all {
                try database.execute("DELETE FROM embeddings")
                removed += database.changes
                try database.execute("DELETE FROM models")
            }
            if let cutoff {
                let delete = try database.prepare("DELETE FROM embeddings WHERE last_used < ?")
                try delete.bind(1, cutoff.timeIntervalSince1970)
                try delete.step()
                removed += database.changes
            }
            if let maxBytes {
                // Keep the most recently used rows whose running total of bytes fits.
                let delete = try database.prepare("""
                    DELETE FROM embeddings WHERE id IN (
                        SELECT id FROM (SELECT id, sum(\(Self.rowBytesSQL)) OVER (ORDER BY last_used DESC, id) AS running FROM embeddings)
                        WHERE running > ?)
                    """)
                try delete.bind(1, Int64(maxBytes))
                try delete.step()
                removed += database.changes
            }
            // Rows of a model pruned while a run was writing them are never read again: sweep them too.
            try database.execute("DELETE FROM embeddings WHERE model NOT IN (SELECT id FROM models)")
            removed += database.changes
            try database.execute("DELETE FROM models WHERE id NOT IN (SELECT DISTINCT model FROM embeddings)")
            return (removed, Int(try database.integer("SELECT count(*) FROM embeddings")))
        }
        try database.execute("VACUUM")
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return PruneReport(removedEmbeddings: removed, remainingEmbeddings: remaining, fileBytesBefore: before,
                           fileBytesAfter: Self.fileBytes(file), replacedBecause: nil)
    }

    /// Empties the cache in `directory`. A file that cannot serve as a cache (corrupt, not a database, another
    /// schema) is deleted with its -wal and -shm files and a new empty one created.
    public static func pruneAll(directory: URL) throws -> PruneReport {
        let file = directory.appendingPathComponent(fileName)
        return try reportingSQLiteErrors {
            do {
                return try EmbeddingCache(file: file, database: try open(file)).pruneRows(olderThan: nil, maxBytes: nil, all: true)
            } catch let error as SQLiteError where error.unusableFile {
                let before = fileBytes(file)
                for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: file.path + suffix) {
                    do {
                        try FileManager.default.removeItem(atPath: file.path + suffix)
                    } catch {
                        throw EvalBenchError("cannot delete \(file.path + suffix): \(error.localizedDescription)")
                    }
                }
                _ = try open(file)
                return PruneReport(removedEmbeddings: 0, remainingEmbeddings: 0, fileBytesBefore: before, fileBytesAfter: fileBytes(file),
                                   replacedBecause: error.problem)
            }
        }
    }

    /// Bytes of `file` and its write-ahead log.
    static func fileBytes(_ file: URL) -> Int {
        ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: file.path + suffix)[.size] as? Int) ?? 0)
        }
    }
}
