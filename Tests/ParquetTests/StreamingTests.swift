import XCTest
@testable import Parquet

/// forEachRow over a 50,000-row file of 50 row groups.
final class StreamingTests: XCTestCase {
    func testForEachRowYieldsEveryRowWithPyarrowsValuesAtSampledRows() throws {
        let expected = try Fixtures.expected("stream_50k")
        let file = try ParquetFile(path: Fixtures.path("stream_50k"))
        XCTAssertEqual(file.rowCount, 50_000)
        XCTAssertEqual(file.rowGroupCount, 50)
        XCTAssertEqual((0..<file.rowGroupCount).map(file.rowGroupRowCount), expected.rowGroups)
        var count = 0, checked = 0
        try file.forEachRow(columns: nil) { row in
            if let wanted = expected.rows[count] {
                XCTAssertEqual(row, wanted, "row \(count)")
                checked += 1
            }
            count += 1
        }
        XCTAssertEqual(count, 50_000)
        XCTAssertEqual(checked, expected.rows.count)
    }

    func testThrowingFromTheClosureStops() throws {
        struct Stop: Error {}
        let file = try ParquetFile(path: Fixtures.path("stream_50k"))
        var seen = 0
        XCTAssertThrowsError(try file.forEachRow(columns: ["bucket"]) { _ in
            seen += 1
            if seen == 1_500 { throw Stop() }
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(seen, 1_500)
    }
}
