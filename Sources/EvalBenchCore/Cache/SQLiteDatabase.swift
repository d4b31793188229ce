import CSQLite
import Foundation

/// One connection to an SQLite database file: statements, transactions, and failures that name the file.
final class SQLiteDatabase {
    /// How the file is opened.
    enum Mode {
        /// Read and write, creating the file when it does not exist.
        case readWrite
        /// Read only: the file must exist.
        case readOnly
    }

    let path: String
    let handle: OpaquePointer

    init(path: String, mode: Mode = .readWrite, busyTimeout: TimeInterval = 30) throws {
        self.path = path
        let flags = mode == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard let opened else { throw SQLiteError(path: path, doing: "open", code: code, message: String(cString: sqlite3_errstr(code))) }
        handle = opened
        if code != SQLITE_OK {
            let error = SQLiteError(path: path, doing: "open", code: code, message: String(cString: sqlite3_errmsg(opened)))
            sqlite3_close_v2(opened)
            throw error
        }
        sqlite3_busy_timeout(handle, Int32(busyTimeout * 1000))
    }

    deinit { sqlite3_close_v2(handle) }

    /// Throws unless `code` is one of `accepted`, with sqlite's message for the connection.
    func check(_ code: Int32, _ doing: @autoclosure () -> String, accepted: Set<Int32> = [SQLITE_OK]) throws {
        guard !accepted.contains(code) else { return }
        throw SQLiteError(path: path, doing: doing(), code: code, message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), "run \(sql)")
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), "prepare \(sql)")
        return SQLiteStatement(database: self, handle: statement!, sql: sql)
    }

    /// The first column of the first row of `sql` as an integer (0 when there is no row).
    func integer(_ sql: String) throws -> Int64 {
        let statement = try prepare(sql)
        return try statement.step() ? statement.int(0) : 0
    }

    /// The first column of the first row of `sql` as text (nil when there is no row).
    func text(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        return try statement.step() ? statement.text(0) : nil
    }

    /// Runs `body` in a write transaction (BEGIN IMMEDIATE, so a concurrent writer waits for the lock up front):
    /// committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The row id the last INSERT gave its row.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}

/// A failed SQLite call, as one sentence naming the database file and sqlite's message. A corrupt file, or one
/// that is not an evalbench cache, says so and how to start over.
struct SQLiteError: Error, CustomStringConvertible {
    /// What is wrong, naming the file.
    let problem: String
    /// The file cannot serve as a cache at all (corrupt, not a database, another schema): only replacing it helps.
    let unusableFile: Bool

    init(path: String, doing: String, code: Int32, message: String) {
        let primary = code & 0xff
        if primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB {
            self.init(unusable: path, reason: "is corrupt (sqlite: \(message))")
        } else {
            self.init(problem: "\(path): cannot \(doing): \(message) (sqlite code \(code))", unusableFile: false)
        }
    }

    init(unusable path: String, reason: String) {
        self.init(problem: "the embedding cache \(path) \(reason)", unusableFile: true)
    }

    init(problem: String, unusableFile: Bool) {
        self.problem = problem
        self.unusableFile = unusableFile
    }

    var description: String {
        unusableFile ? problem + "; delete it (with its -wal and -shm files) or run `evalbench cache prune --all`, which starts a new one" : problem
    }
}
