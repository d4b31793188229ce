/// The footer: schema, row count and row groups (parquet.thrift `FileMetaData`); key/value metadata is skipped.
struct FileMetaData {
    var schema: [SchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [RowGroup] = []

    init(from reader: inout ThriftCompactReader) throws {
        var seen = Set<Int16>()
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 2:
                let count = try reader.readListHeader(field, of: .structure)
                for index in 0..<count {
                    schema.append(try within("schema element \(index)") { try SchemaElement(from: &reader) })
                }
            case 3: numRows = try reader.readI64(field)
            case 4:
                let count = try reader.readListHeader(field, of: .structure)
                for index in 0..<count {
                    rowGroups.append(try within("row group \(index) metadata") { try RowGroup(from: &reader) })
                }
            default: try reader.skip(field.type)
            }
            seen.insert(field.id)
        }
        for (id, name) in [(2, "schema"), (3, "num_rows"), (4, "row_groups")] where !seen.contains(Int16(id)) {
            throw ParquetError("footer lacks the required field \(name)")
        }
    }
}

/// One row group's column chunks and row count (parquet.thrift `RowGroup`).
struct RowGroup {
    var columns: [ColumnChunk] = []
    var numRows: Int64 = -1

    init(from reader: inout ThriftCompactReader) throws {
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1:
                let count = try reader.readListHeader(field, of: .structure)
                for index in 0..<count {
                    columns.append(try within("column chunk \(index)") { try ColumnChunk(from: &reader) })
                }
            case 3: numRows = try reader.readI64(field)
            default: try reader.skip(field.type)
            }
        }
        guard numRows >= 0 else { throw ParquetError("row group without a valid num_rows (\(numRows))") }
    }
}

/// Where one column of one row group lives (parquet.thrift `ColumnChunk`).
struct ColumnChunk {
    /// Set when the chunk lives in another file, which this reader does not follow.
    var filePath: String?
    var metaData: ColumnMetaData?

    init(from reader: inout ThriftCompactReader) throws {
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1: filePath = try reader.readString(field)
            case 3:
                guard field.type == .structure else { throw ParquetError("column chunk meta_data is not a struct") }
                metaData = try ColumnMetaData(from: &reader)
            default: try reader.skip(field.type)
            }
        }
    }
}
