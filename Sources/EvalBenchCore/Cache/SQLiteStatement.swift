import CSQLite
import Foundation

/// sqlite copies bound text and blobs before the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement: bind parameters (numbered from 1), step through rows, read columns (numbered from 0),
/// reset to run it again.
final class SQLiteStatement {
    let database: SQLiteDatabase
    let handle: OpaquePointer
    let sql: String

    init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: String) throws {
        try database.check(sqlite3_bind_text(handle, index, value, -1, transient), "bind parameter \(index) of \(sql)")
    }

    func bind(_ index: Int32, _ value: Int64) throws {
        try database.check(sqlite3_bind_int64(handle, index, value), "bind parameter \(index) of \(sql)")
    }

    func bind(_ index: Int32, _ value: Double) throws {
        try database.check(sqlite3_bind_double(handle, index, value), "bind parameter \(index) of \(sql)")
    }

    func bind(_ index: Int32, blob value: [UInt8]) throws {
        try value.withUnsafeBytes { bytes in
            // A zero-length blob still needs a non-null pointer, or sqlite stores NULL.
            let pointer = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            try database.check(sqlite3_bind_blob(handle, index, pointer, Int32(bytes.count), transient), "bind parameter \(index) of \(sql)")
        }
    }

    /// Runs the statement to its next row: true when a row is ready to read, false when it is done.
    @discardableResult
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        try database.check(code, "run \(sql)", accepted: [SQLITE_ROW, SQLITE_DONE])
        return code == SQLITE_ROW
    }

    /// Ready to bind and run again; bindings are kept until rebound.
    func reset() { sqlite3_reset(handle) }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func text(_ column: Int32) -> String {
        sqlite3_column_text(handle, column).map { String(cString: $0) } ?? ""
    }

    /// The column's bytes, read by `body` in place (valid only during the call).
    func blob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    func blob(_ column: Int32) -> [UInt8] { blob(column) { Array($0) } }
}
