/// A column chunk's type, codec, value count and page offsets (parquet.thrift `ColumnMetaData`).
struct ColumnMetaData {
    var type: Int32 = -1
    var encodings: [Int32] = []
    var pathInSchema: [String] = []
    var codec: Int32 = -1
    var numValues: Int64 = -1
    var totalCompressedSize: Int64 = -1
    var dataPageOffset: Int64 = -1
    var dictionaryPageOffset: Int64?

    init(from reader: inout ThriftCompactReader) throws {
        var seen = Set<Int16>()
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1: type = try reader.readI32(field)
            case 2:
                let count = try reader.readListHeader(field, of: .i32)
                for _ in 0..<count { encodings.append(try reader.readI32Value()) }
            case 3:
                let count = try reader.readListHeader(field, of: .binary)
                for _ in 0..<count { pathInSchema.append(try reader.readStringValue()) }
            case 4: codec = try reader.readI32(field)
            case 5: numValues = try reader.readI64(field)
            case 7: totalCompressedSize = try reader.readI64(field)
            case 9: dataPageOffset = try reader.readI64(field)
            case 11: dictionaryPageOffset = try reader.readI64(field)
            default: try reader.skip(field.type)
            }
            seen.insert(field.id)
        }
        let required: [(Int16, String)] = [(1, "type"), (2, "encodings"), (3, "path_in_schema"), (4, "codec"),
                                           (5, "num_values"), (7, "total_compressed_size"), (9, "data_page_offset")]
        for (id, name) in required where !seen.contains(id) {
            throw ParquetError("column metadata lacks the required field \(name)")
        }
    }
}
