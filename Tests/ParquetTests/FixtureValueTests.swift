import Foundation
import XCTest
@testable import Parquet

/// Every fixture decodes to exactly pyarrow's values.
final class FixtureValueTests: XCTestCase {
    func testMixedFixturesMatchPyarrowExactly() throws {
        for name in Fixtures.mixedNames {
            try assertMatchesPyarrow(name)
        }
    }

    func testNestedListsMatchPyarrow() throws {
        try assertMatchesPyarrow("nested_lists")
    }

    func testFixturesHaveSeveralRowGroupsAndPagesPerChunk() throws {
        for name in Fixtures.mixedNames {
            let file = try ParquetFile(path: Fixtures.path(name))
            XCTAssertGreaterThan(file.rowGroupCount, 1, name)
            let pages = try file.dataPageCounts(rowGroup: 0)
            XCTAssertEqual(pages.count, file.columnNames.count, name)
            XCTAssertGreaterThan(pages["text"] ?? 0, 1, "\(name): text pages")
            XCTAssertGreaterThan(pages["positive"] ?? 0, 1, "\(name): positive pages")
        }
    }

    func testRequestedColumnsOnly() throws {
        let file = try ParquetFile(path: Fixtures.path("mixed_zstd_dict_v2"))
        let group = try file.readRowGroup(1, columns: ["ids", "text"])
        XCTAssertEqual(Set(group.keys), ["ids", "text"])
        XCTAssertEqual(group["ids"]?.count, file.rowGroupRowCount(1))
        let expected = try Fixtures.expected("mixed_zstd_dict_v2")
        let firstRow = file.rowGroupRowCount(0)
        XCTAssertTrue(Fixtures.identical(group["text"]![0], expected.rows[firstRow]!["text"]!))
    }

    func testUnrequestedColumnsAreNeitherReadNorDecoded() throws {
        let original = try ParquetFile(path: Fixtures.path("mixed_zstd_dict_v1"))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: original.path)))
        for index in try original.chunkRange(rowGroup: 0, column: "blob") { bytes[index] = 0xee }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("garbled-blob-\(getpid()).parquet").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let garbled = try ParquetFile(path: path)
        let columns = ["text", "ids", "fixed"]
        XCTAssertEqual(try garbled.readRowGroup(0, columns: columns), try original.readRowGroup(0, columns: columns))
        XCTAssertThrowsError(try garbled.readRowGroup(0, columns: ["blob"])) { XCTAssertTrue($0 is ParquetError, "\($0)") }
    }

    func testUnicodeEmptyStringsNullsAndListsDecode() throws {
        let file = try ParquetFile(path: Fixtures.path("mixed_snappy_plain_v1"))
        var texts: [ParquetValue] = [], maybe: [ParquetValue] = [], positives: [ParquetValue] = []
        try file.forEachRow(columns: ["text", "maybe_text", "positive"]) { row in
            texts.append(row["text"]!)
            maybe.append(row["maybe_text"]!)
            positives.append(row["positive"]!)
        }
        XCTAssertTrue(texts.contains(.string("")))
        XCTAssertTrue(texts.contains(.string("日本語のテキスト")))
        XCTAssertTrue(maybe.contains(.null))
        XCTAssertTrue(positives.contains(.null))
        XCTAssertTrue(positives.contains(.list([])))
        XCTAssertTrue(positives.contains { if case .list(let items) = $0 { items.contains(.null) } else { false } })
    }

    private func assertMatchesPyarrow(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try Fixtures.expected(name)
        let parquet = try ParquetFile(path: Fixtures.path(name))
        XCTAssertEqual(parquet.columnNames, expected.columns, name, file: file, line: line)
        XCTAssertEqual((0..<parquet.rowGroupCount).map(parquet.rowGroupRowCount), expected.rowGroups, name, file: file, line: line)
        XCTAssertEqual(parquet.rowCount, expected.rows.count, name, file: file, line: line)
        var rowIndex = 0
        for group in 0..<parquet.rowGroupCount {
            let columns = try parquet.readRowGroup(group, columns: nil)
            for row in 0..<parquet.rowGroupRowCount(group) {
                for column in expected.columns {
                    let actual = columns[column]![row], wanted = expected.rows[rowIndex]![column]!
                    XCTAssertTrue(Fixtures.identical(actual, wanted),
                                  "\(name) row \(rowIndex) column \(column): \(actual) != \(wanted)", file: file, line: line)
                }
                rowIndex += 1
            }
        }
    }
}
