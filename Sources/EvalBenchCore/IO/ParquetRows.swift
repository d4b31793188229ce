import Foundation
import Parquet

/// A Parquet file's rows as JSON-like objects, a row group in memory at a time; only the named columns are decoded.
enum ParquetRows {
    /// Thrown from inside the row loop to end it early.
    private struct Stop: Error {}

    static func forEach(_ url: URL, columns: Set<String>?, _ body: (JSONLines.Row) throws -> Bool) throws {
        do {
            let file = try ParquetFile(path: url.path)
            let wanted = columns.map { names in file.columnNames.filter(names.contains) }
            var number = 0
            try file.forEachRow(columns: wanted) { values in
                number += 1
                if try !body(JSONLines.Row(object: values.mapValues(foundation), file: url.path, line: number)) { throw Stop() }
            }
        } catch is Stop {
            return
        } catch let error as ParquetError {
            throw EvalBenchError(error.description)
        }
    }

    /// The value as JSONSerialization gives it.
    static func foundation(_ value: ParquetValue) -> Any {
        switch value {
        case .null: NSNull()
        case .boolean(let flag): NSNumber(value: flag)
        case .int(let number): NSNumber(value: number)
        case .double(let number): NSNumber(value: number)
        case .string(let text): text
        case .bytes(let bytes): Data(bytes).base64EncodedString()
        case .list(let items): items.map(foundation)
        }
    }
}
