import Foundation
import XCTest
@testable import Parquet

/// The fixtures written by scripts/make_parquet_fixtures.py and pyarrow's values of each.
enum Fixtures {
    static let mixedNames: [String] = ["none", "snappy", "zstd"].flatMap { codec in
        ["dict", "plain"].flatMap { dictionary in ["v1", "v2"].map { "mixed_\(codec)_\(dictionary)_\($0)" } }
    }

    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name).parquet").path
    }

    /// pyarrow's view of a fixture: column names, rows per row group, and rows by index.
    struct Expected {
        let columns: [String]
        let rowGroups: [Int]
        let rows: [Int: [String: ParquetValue]]
    }

    static func expected(_ name: String) throws -> Expected {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/expected/\(name).json")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let rows = try XCTUnwrap(json["rows"] as? [String: [String: Any]])
        var decoded: [Int: [String: ParquetValue]] = [:]
        for (index, row) in rows {
            decoded[try XCTUnwrap(Int(index))] = try row.mapValues(value)
        }
        return Expected(columns: try XCTUnwrap(json["columns"] as? [String]),
                        rowGroups: try XCTUnwrap(json["row_groups"] as? [Int]), rows: decoded)
    }

    /// Decodes the script's tagged JSON value.
    static func value(_ json: Any) throws -> ParquetValue {
        if json is NSNull { return .null }
        if let list = json as? [Any] { return .list(try list.map(value)) }
        if let flag = json as? Bool { return .boolean(flag) }
        let tagged = try XCTUnwrap(json as? [String: String], "untagged value \(json)")
        let (tag, text) = try XCTUnwrap(tagged.first)
        switch tag {
        case "int": return .int(try XCTUnwrap(Int64(text)))
        case "double": return .double(Double(bitPattern: try XCTUnwrap(UInt64(text, radix: 16))))
        case "string": return .string(text)
        case "bytes": return .bytes(try hexBytes(text))
        default: return .string("\(tag): \(text)") // pyarrow's text of a value the reader refuses
        }
    }

    private static func hexBytes(_ text: String) throws -> [UInt8] {
        let digits = Array(text.utf8)
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            try XCTUnwrap(UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16))
        }
    }

    /// Equality that compares doubles by their bits, so NaN, -0.0 and the last bit all count.
    static func identical(_ a: ParquetValue, _ b: ParquetValue) -> Bool {
        switch (a, b) {
        case let (.double(x), .double(y)): return x.bitPattern == y.bitPattern
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        default: return a == b
        }
    }
}
