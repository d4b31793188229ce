import Foundation
import XCTest
@testable import Parquet

/// What the reader refuses, and that each refusal names the file, the column and the reason.
final class RefusalTests: XCTestCase {
    func testInt96AndStructColumnsAreRefusedByNameWhileOthersRead() throws {
        let file = try ParquetFile(path: Fixtures.path("int96_struct"))
        XCTAssertEqual(file.columnNames, ["id", "stamp", "pair"])
        let expected = try Fixtures.expected("int96_struct")
        XCTAssertEqual(try file.readRowGroup(0, columns: ["id"])["id"], (0..<3).map { expected.rows[$0]!["id"]! })
        assertParquetError(try file.readRowGroup(0, columns: ["stamp"]), contains: ["int96_struct.parquet", "column 'stamp'", "INT96"])
        assertParquetError(try file.readRowGroup(0, columns: ["pair"]), contains: ["column 'pair'", "struct"])
        assertParquetError(try file.readRowGroup(0, columns: nil), contains: ["column 'stamp'"])
    }

    func testGzipIsRefusedWithAClearMessage() throws {
        let file = try ParquetFile(path: Fixtures.path("gzip"))
        assertParquetError(try file.readRowGroup(0, columns: nil), contains: ["gzip.parquet", "column 'id'", "GZIP is not supported"])
    }

    func testUnknownColumnAndRowGroupAreErrors() throws {
        let file = try ParquetFile(path: Fixtures.path("nested_lists"))
        assertParquetError(try file.readRowGroup(0, columns: ["nope"]), contains: ["no column 'nope'", "'matrix'"])
        assertParquetError(try file.readRowGroup(7, columns: nil), contains: ["row group 7"])
    }

    func testNonParquetAndMissingFilesAreErrors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-parquet-\(getpid()).txt").path
        try Data("hello, this is not a parquet file".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        assertParquetError(try ParquetFile(path: path), contains: [path, "PAR1"])
        assertParquetError(try ParquetFile(path: path + ".missing"), contains: ["cannot open"])
    }

    func testDictionaryIndexOutOfRangeNamesColumnRowGroupAndPage() throws {
        // The dictionary of mixed_none_dict_v1's 'ids' column in row group 0 is cut to its first entry by
        // rewriting the page's num_values in place, so later indices point past it.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("mixed_none_dict_v1"))))
        let original = try ParquetFile(path: Fixtures.path("mixed_none_dict_v1"))
        let offset = try original.dictionaryPageOffset(rowGroup: 0, column: "ids")
        var header = ThriftCompactReader(bytes, from: offset)
        let parsed = try PageHeader(from: &header)
        XCTAssertGreaterThan(parsed.dictionaryPage?.numValues ?? 0, 2)
        // The dictionary page header follows field 3 (i32) as field 7 (struct, header 0x4c), whose field 1 (i32, 0x15)
        // is num_values: rewrite that varint, keeping its length, to say 1 (zigzag 2, padded with continuation bytes).
        let field = try XCTUnwrap((offset..<header.position).first { bytes[$0] == 0x4c && bytes[$0 + 1] == 0x15 })
        var end = field + 2
        while bytes[end] & 0x80 != 0 { end += 1 }
        for index in field + 2...end { bytes[index] = index == end ? 0 : 0x80 }
        bytes[field + 2] |= 2
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("short-dictionary-\(getpid()).parquet").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try ParquetFile(path: path)
        assertParquetError(try file.readRowGroup(0, columns: ["ids"]),
                           contains: ["column 'ids', row group 0, data page at offset", "out of 1 entries"])
    }

    private func assertParquetError<T>(_ expression: @autoclosure () throws -> T, contains parts: [String],
                                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard let parquetError = error as? ParquetError else {
                return XCTFail("not a ParquetError: \(error)", file: file, line: line)
            }
            for part in parts {
                XCTAssertTrue(parquetError.description.contains(part), "'\(parquetError)' lacks '\(part)'", file: file, line: line)
            }
        }
    }
}
