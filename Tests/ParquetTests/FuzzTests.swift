import Foundation
import XCTest
@testable import Parquet

/// Thousands of deterministic corruptions of the fixtures: each must decode or throw a ParquetError, never trap or hang.
final class FuzzTests: XCTestCase {
    static let mutationsPerFixture = 250

    func testMutatedFixturesDecodeOrThrowParquetError() throws {
        var random = SplitMix64(seed: 0x5EED_F00D)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-fuzz-\(getpid()).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var decoded = 0, refused = 0
        for name in Fixtures.mixedNames + ["nested_lists", "int96_struct", "gzip", "stream_50k"] {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
            let footerLength = original[original.count - 8..<original.count - 4].reversed().reduce(0) { $0 << 8 | Int($1) }
            let footer = (original.count - 8 - footerLength)..<(original.count - 8)
            let mutations = name == "stream_50k" ? 20 : Self.mutationsPerFixture
            for _ in 0..<mutations {
                var bytes = original
                Self.mutate(&bytes, footer: footer, &random)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let (ok, errors) = try decodeEverything(path, name: name)
                decoded += ok
                refused += errors
            }
        }
        XCTAssertGreaterThan(decoded, 0)
        XCTAssertGreaterThan(refused, 0)
    }

    /// Reads every column of every row group; returns how many reads succeeded and how many threw ParquetError.
    private func decodeEverything(_ path: String, name: String) throws -> (Int, Int) {
        var decoded = 0, refused = 0
        do {
            let file = try ParquetFile(path: path)
            for group in 0..<file.rowGroupCount {
                for column in file.columnNames {
                    do {
                        let values = try file.readRowGroup(group, columns: [column])
                        XCTAssertEqual(values[column]?.count, file.rowGroupRowCount(group), "\(name): \(column)")
                        decoded += 1
                    } catch is ParquetError {
                        refused += 1
                    }
                }
            }
        } catch is ParquetError {
            refused += 1
        } catch {
            XCTFail("\(name): not a ParquetError: \(error)")
        }
        return (decoded, refused)
    }

    private static func mutate(_ bytes: inout [UInt8], footer: Range<Int>, _ random: inout SplitMix64) {
        let pages = 4..<max(5, footer.lowerBound)
        func position(in range: Range<Int>) -> Int { range.lowerBound + random.below(range.count) }
        switch random.below(7) {
        case 0:
            for _ in 0...random.below(3) { bytes[position(in: bytes.indices)] ^= 1 << UInt8(random.below(8)) }
        case 1:
            bytes[position(in: footer)] ^= 1 << UInt8(random.below(8))
        case 2:
            for _ in 0...random.below(8) { bytes[position(in: footer)] = UInt8(random.below(256)) }
        case 3:
            for _ in 0...random.below(8) { bytes[position(in: pages)] = UInt8(random.below(256)) }
        case 4:
            bytes[position(in: footer)] = [0x00, 0xff, 0x7f, 0x80, 0x15, 0x19, 0x1c, 0xfc][random.below(8)]
        case 5:
            bytes.removeLast(random.below(bytes.count))
        default:
            let start = position(in: pages)
            bytes.removeSubrange(start..<min(footer.lowerBound, start + 1 + random.below(64)))
        }
    }
}

/// A small seeded generator (SplitMix64), so every run makes the same mutations.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
