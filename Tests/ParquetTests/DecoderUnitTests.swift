import XCTest
@testable import Parquet

/// The Thrift compact reader, the RLE / bit-packed hybrid and the decompression limits on hand-made bytes.
final class DecoderUnitTests: XCTestCase {
    func testThriftReadsFieldsAndSkipsUnknownNestedStructs() throws {
        let bytes: [UInt8] = [
            0x15, 0x03,                   // field 1, i32 -2 (zigzag 3)
            0x1c, 0x15, 0x02, 0x19, 0x18, 0x02, 0x01, 0x02, 0x00, // field 2, unknown struct { i32 1, list<binary> [[1, 2]] }
            0x16, 0xfe, 0xff, 0x03,       // field 3, i64 32767
            0x05, 0xc8, 0x01, 0x04,       // field 100 (long form), i32 2
            0x00,
        ]
        var reader = ThriftCompactReader(bytes)
        var values: [Int16: Int64] = [:]
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1, 100: values[field.id] = Int64(try reader.readI32(field))
            case 3: values[field.id] = try reader.readI64(field)
            default: try reader.skip(field.type)
            }
        }
        XCTAssertEqual(values, [1: -2, 3: 32767, 100: 2])
        XCTAssertEqual(reader.position, bytes.count)
    }

    func testThriftRefusesDeepNestingHugeListsAndLongVarints() {
        let deep = [UInt8](repeating: 0x1c, count: 100) + [UInt8](repeating: 0, count: 101)
        XCTAssertThrowsError(try skipStruct(deep)) { XCTAssertTrue("\($0)".contains("deeper")) }
        XCTAssertThrowsError(try skipStruct([0x19, 0xf5, 0xff, 0xff, 0xff, 0x0f, 0x00])) { XCTAssertTrue("\($0)".contains("cannot fit")) }
        XCTAssertThrowsError(try skipStruct([0x16] + [UInt8](repeating: 0xff, count: 11) + [0x00]))
        XCTAssertThrowsError(try skipStruct([0x18, 0x10, 0x41])) { XCTAssertTrue("\($0)".contains("runs past the end")) }
    }

    private func skipStruct(_ bytes: [UInt8]) throws {
        var reader = ThriftCompactReader(bytes)
        try reader.skip(.structure)
    }

    func testRLEHybridDecodesRunsAndBitPackedGroups() throws {
        // RLE run of 3 × value 5 (bit width 3), then one bit-packed group of 8 values 0...7.
        let data: ArraySlice<UInt8> = [0x06, 0x05, 0x03, 0x88, 0xc6, 0xfa]
        var output: [UInt8] = []
        let used = try RLEHybridDecoder.decode(data, bitWidth: 3, count: 11, maximum: 7, into: &output, what: "test")
        XCTAssertEqual(output, [5, 5, 5, 0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(used, data.count)
    }

    func testRLEHybridRefusesEmptyRunsOutOfRangeValuesAndShortData() {
        var output: [UInt8] = []
        XCTAssertThrowsError(try RLEHybridDecoder.decode([0x00, 0x01], bitWidth: 1, count: 4, maximum: 1, into: &output, what: "test"))
        XCTAssertThrowsError(try RLEHybridDecoder.decode([0x01], bitWidth: 1, count: 4, maximum: 1, into: &output, what: "test"))
        XCTAssertThrowsError(try RLEHybridDecoder.decode([0x08, 0x03], bitWidth: 2, count: 4, maximum: 2, into: &output, what: "test")) {
            XCTAssertTrue("\($0)".contains("test: value 3 exceeds the maximum 2"))
        }
        XCTAssertThrowsError(try RLEHybridDecoder.decode([0x03, 0xff], bitWidth: 2, count: 8, maximum: 3, into: &output, what: "test"))
        XCTAssertThrowsError(try RLEHybridDecoder.decode([0x02, 0x00], bitWidth: 33, count: 1, maximum: 1, into: &output, what: "test"))
    }

    func testDecompressionRefusesImplausibleSizesBeforeAllocating() {
        let tiny: ArraySlice<UInt8> = [0x00, 0x01, 0x02]
        for codec in [CompressionCodec.snappy, .zstd] {
            XCTAssertThrowsError(try Decompressor.decompress(tiny, codec: codec.rawValue, uncompressedSize: 1 << 40)) {
                XCTAssertTrue("\($0)".contains("at most"))
            }
            XCTAssertThrowsError(try Decompressor.decompress(tiny, codec: codec.rawValue, uncompressedSize: 100))
        }
        XCTAssertThrowsError(try Decompressor.decompress(tiny, codec: CompressionCodec.uncompressed.rawValue, uncompressedSize: 4))
        XCTAssertThrowsError(try Decompressor.decompress(tiny, codec: CompressionCodec.lz4.rawValue, uncompressedSize: 3)) {
            XCTAssertTrue("\($0)".contains("LZ4 is not supported"))
        }
    }
}
