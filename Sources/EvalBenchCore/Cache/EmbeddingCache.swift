import Common
import Encoders
import Foundation
import Kernels

/// Embeddings kept on disk between runs, keyed by model (`Encoder.cacheKey`), prompt and text: one SQLite file,
/// `DIR/embeddings.sqlite`, which concurrent runs may share. Each batch is stored in one transaction, so a killed
/// run keeps every batch it finished and never leaves half a row; every vector read is checked against its checksum.
public final class EmbeddingCache {
    public static let fileName = "embeddings.sqlite"
    /// The layout this build reads and writes, kept in `PRAGMA user_version`.
    static let schemaVersion: Int64 = 1
    static let schema = """
        CREATE TABLE models (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a row left by a pruned model cannot join another
            key TEXT NOT NULL UNIQUE,              -- Encoder.cacheKey
            label TEXT NOT NULL,                   -- for people: model name and weights variant
            dimension INTEGER NOT NULL,
            created REAL NOT NULL,                 -- Unix time
            last_used REAL NOT NULL
        );
        -- A rowid table, not WITHOUT ROWID: in an index b-tree a row of more than about 1000 bytes spills into an
        -- overflow page of its own, which made a 384-dimension cache three times the size of its vectors.
        CREATE TABLE embeddings (
            id INTEGER PRIMARY KEY,
            model INTEGER NOT NULL,
            text_key BLOB NOT NULL,                -- SHA-256 of prompt and text
            vector BLOB NOT NULL,                  -- float32 little-endian, dimension × 4 bytes
            checksum INTEGER NOT NULL,             -- FNV-1a 64 of vector
            last_used REAL NOT NULL,
            UNIQUE (model, text_key)
        );
        """

    /// The database file.
    public let file: URL
    let database: SQLiteDatabase

    /// A model's part of the cache, from `model(key:dimension:label:)`.
    public struct Model: Sendable, Equatable {
        let id: Int64
        public let key: String
        public let dimension: Int
        public let label: String
    }

    /// `$EVALBENCH_CACHE`, else `$XDG_CACHE_HOME/evalbench`, else `~/.cache/evalbench`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        EvalbenchCacheFolder.url(environment: environment)
    }

    /// Opens the cache in `directory`, creating the folder and the file when missing.
    public convenience init(directory: URL) throws {
        let file = directory.appendingPathComponent(Self.fileName)
        self.init(file: file, database: try reportingSQLiteErrors { try Self.open(file) })
    }

    init(file: URL, database: SQLiteDatabase) {
        self.file = file
        self.database = database
    }

    /// Opens (or creates) `file`: WAL journal, so a reader sees the last commit while a run writes; synchronous
    /// NORMAL, so a commit survives a killed process (a power cut may lose the last commits, never the file).
    static func open(_ file: URL) throws -> SQLiteDatabase {
        let folder = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw EvalBenchError("cannot create the embedding cache folder \(folder.path): \(error.localizedDescription)")
        }
        let database = try SQLiteDatabase(path: file.path)
        // For a new file only: 16 KiB pages hold whole rows of up to 4,000 dimensions, several to a page.
        try database.execute("PRAGMA page_size = 16384")
        guard try database.text("PRAGMA journal_mode = WAL") == "wal" else {
            throw EvalBenchError("\(file.path): cannot switch the embedding cache to WAL journal mode (a read-only folder?)")
        }
        try database.execute("PRAGMA synchronous = NORMAL")
        if try database.integer("PRAGMA user_version") != schemaVersion { try createSchema(database) }
        return database
    }

    /// Creates the tables in an empty file; any other file is refused.
    static func createSchema(_ database: SQLiteDatabase) throws {
        try database.transaction {
            let version = try database.integer("PRAGMA user_version")
            guard version != schemaVersion else { return }
            guard version == 0 else {
                throw SQLiteError(unusable: database.path, reason: "has schema version \(version), but this evalbench reads version \(schemaVersion)")
            }
            guard try database.integer("SELECT count(*) FROM sqlite_master") == 0 else {
                throw SQLiteError(unusable: database.path, reason: "is not an evalbench embedding cache (it holds other tables)")
            }
            try database.execute(schema + "PRAGMA user_version = \(schemaVersion);")
        }
    }

    /// The model whose embeddings `key` decides (`Encoder.cacheKey`), registered on first use. `label` names it
    /// in `stats()`.
    public func model(key: String, dimension: Int, label: String) throws -> Model {
        try reportingSQLiteErrors {
            try database.transaction {
                let now = Date().timeIntervalSince1970
                let find = try database.prepare("SELECT id, dimension FROM models WHERE key = ?")
                try find.bind(1, key)
                guard try find.step() else {
                    let insert = try database.prepare("INSERT INTO models (key, label, dimension, created, last_used) VALUES (?, ?, ?, ?, ?)")
                    try insert.bind(1, key)
                    try insert.bind(2, label)
                    try insert.bind(3, Int64(dimension))
                    try insert.bind(4, now)
                    try insert.bind(5, now)
                    try insert.step()
                    return Model(id: database.lastInsertedRowID, key: key, dimension: dimension, label: label)
                }
                let (id, stored) = (find.int(0), Int(find.int(1)))
                guard stored == dimension else {
                    throw SQLiteError(unusable: file.path, reason: "holds embeddings of \(label) with \(stored) dimensions, but the model returns \(dimension)")
                }
                return Model(id: id, key: key, dimension: dimension, label: label)
            }
        }
    }

    /// The stored embeddings of `texts` with `prompt`, one entry per text (nil where none is stored), read in one
    /// transaction that also marks them used now. A vector of the wrong length or checksum is reported as corruption.
    public func lookup(_ texts: [String], prompt: String?, model: Model) throws -> [[Float]?] {
        try reportingSQLiteErrors {
            try database.transaction {
                let now = Date().timeIntervalSince1970
                let select = try database.prepare("SELECT vector, checksum FROM embeddings WHERE model = ? AND text_key = ?")
                let touch = try database.prepare("UPDATE embeddings SET last_used = ? WHERE model = ? AND text_key = ?")
                try select.bind(1, model.id)
                try touch.bind(1, now)
                try touch.bind(2, model.id)
                var found: [[Float]?] = []
                found.reserveCapacity(texts.count)
                for text in texts {
                    let key = CacheRecord.textKey(text, prompt: prompt)
                    try select.bind(2, blob: key)
                    defer { select.reset() }
                    guard try select.step() else {
                        found.append(nil)
                        continue
                    }
                    found.append(try select.blob(0) { try vector($0, checksum: select.int(1), of: text, model: model) })
                    try touch.bind(3, blob: key)
                    try touch.step()
                    touch.reset()
                }
                let used = try database.prepare("UPDATE models SET last_used = ? WHERE id = ?")
                try used.bind(1, now)
                try used.bind(2, model.id)
                try used.step()
                return found
            }
        }
    }

    /// A stored vector's floats, once its length, checksum and values are verified.
    func vector(_ bytes: UnsafeRawBufferPointer, checksum: Int64, of text: String, model: Model) throws -> [Float] {
        if let problem = Self.problem(with: bytes, checksum: checksum, dimension: model.dimension) {
            let snippet = text.count > 40 ? "\(text.prefix(40))…" : text
            throw SQLiteError(unusable: file.path, reason: "is corrupt: the stored embedding of \"\(snippet)\" (\(model.label)) \(problem)")
        }
        return Float32Bytes.floats(bytes)
    }

    /// What is wrong with a stored vector, or nil: its length, its checksum, or values no encoder returns
    /// (`EmbeddingCheck`: NaN, infinity, no length or an overflowing one), so a row holding them was written by
    /// something else.
    static func problem(with bytes: UnsafeRawBufferPointer, checksum: Int64, dimension: Int) -> String? {
        guard bytes.count == dimension * 4 else {
            return "has \(bytes.count) bytes where \(dimension) float32 values take \(dimension * 4)"
        }
        guard CacheRecord.checksum(bytes) == checksum else { return "fails its checksum" }
        return EmbeddingCheck.problem((0..<dimension).lazy.map { bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) })
    }

    /// Stores the embeddings of `texts` with `prompt` (row i of `embeddings` for text i, at the model's dimension)
    /// in one transaction: after a kill either all of them are stored or none.
    public func store(_ texts: [String], prompt: String?, embeddings: EmbeddingMatrix, model: Model) throws {
        precondition(embeddings.rows == texts.count && embeddings.dimension == model.dimension, "EmbeddingCache.store: shape mismatch")
        try reportingSQLiteErrors {
            try database.transaction {
                let now = Date().timeIntervalSince1970
                let insert = try database.prepare(
                    "INSERT OR REPLACE INTO embeddings (model, text_key, vector, checksum, last_used) VALUES (?, ?, ?, ?, ?)")
                try insert.bind(1, model.id)
                try insert.bind(5, now)
                try embeddings.values.withUnsafeBufferPointer { values in
                    for (i, text) in texts.enumerated() {
                        let row = UnsafeBufferPointer(rebasing: values[(i * model.dimension)..<((i + 1) * model.dimension)])
                        let bytes = Float32Bytes.bytes(of: row)
                        try insert.bind(2, blob: CacheRecord.textKey(text, prompt: prompt))
                        try insert.bind(3, blob: bytes)
                        try insert.bind(4, CacheRecord.checksum(bytes))
                        try insert.step()
                        insert.reset()
                    }
                }
            }
        }
    }
}

/// Runs `body`, reporting sqlite's failures as the evaluation layer's errors.
func reportingSQLiteErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as SQLiteError {
        throw EvalBenchError(error.description)
    }
}
