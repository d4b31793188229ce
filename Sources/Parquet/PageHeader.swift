/// The Thrift header in front of every page (parquet.thrift `PageHeader` with its per-kind headers).
struct PageHeader {
    var type: Int32 = -1
    var uncompressedPageSize: Int32 = -1
    var compressedPageSize: Int32 = -1
    var dataPage: DataPageHeader?
    var dictionaryPage: DictionaryPageHeader?
    var dataPageV2: DataPageHeaderV2?

    init(from reader: inout ThriftCompactReader) throws {
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1: type = try reader.readI32(field)
            case 2: uncompressedPageSize = try reader.readI32(field)
            case 3: compressedPageSize = try reader.readI32(field)
            case 5: dataPage = try DataPageHeader(field, from: &reader)
            case 7: dictionaryPage = try DictionaryPageHeader(field, from: &reader)
            case 8: dataPageV2 = try DataPageHeaderV2(field, from: &reader)
            default: try reader.skip(field.type)
            }
        }
        guard uncompressedPageSize >= 0, compressedPageSize >= 0 else {
            throw ParquetError("page header sizes are missing or negative (compressed \(compressedPageSize), uncompressed \(uncompressedPageSize))")
        }
    }
}

/// A v1 data page: value count and the encodings of values and levels.
struct DataPageHeader {
    var numValues: Int32 = -1
    var encoding: Int32 = -1
    var definitionLevelEncoding: Int32 = -1
    var repetitionLevelEncoding: Int32 = -1

    init(_ field: ThriftCompactReader.Field, from reader: inout ThriftCompactReader) throws {
        guard field.type == .structure else { throw ParquetError("data_page_header is not a struct") }
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1: numValues = try reader.readI32(field)
            case 2: encoding = try reader.readI32(field)
            case 3: definitionLevelEncoding = try reader.readI32(field)
            case 4: repetitionLevelEncoding = try reader.readI32(field)
            default: try reader.skip(field.type)
            }
        }
        guard numValues >= 0, encoding >= 0 else { throw ParquetError("data page header lacks num_values or encoding") }
    }
}

/// A v2 data page: counts, value encoding, and the byte lengths of the uncompressed levels in front of the values.
struct DataPageHeaderV2 {
    var numValues: Int32 = -1
    var numNulls: Int32 = -1
    var numRows: Int32 = -1
    var encoding: Int32 = -1
    var definitionLevelsByteLength: Int32 = -1
    var repetitionLevelsByteLength: Int32 = -1
    var isCompressed = true

    init(_ field: ThriftCompactReader.Field, from reader: inout ThriftCompactReader) throws {
        guard field.type == .structure else { throw ParquetError("data_page_header_v2 is not a struct") }
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1: numValues = try reader.readI32(field)
            case 2: numNulls = try reader.readI32(field)
            case 3: numRows = try reader.readI32(field)
            case 4: encoding = try reader.readI32(field)
            case 5: definitionLevelsByteLength = try reader.readI32(field)
            case 6: repetitionLevelsByteLength = try reader.readI32(field)
            case 7: isCompressed = try reader.readBool(field)
            default: try reader.skip(field.type)
            }
        }
        guard numValues >= 0, numNulls >= 0, numRows >= 0, encoding >= 0, definitionLevelsByteLength >= 0, repetitionLevelsByteLength >= 0 else {
            throw ParquetError("data page v2 header lacks a required field or has a negative count")
        }
    }
}

/// A dictionary page: how many entries, and their encoding.
struct DictionaryPageHeader {
    var numValues: Int32 = -1
    var encoding: Int32 = -1

    init(_ field: ThriftCompactReader.Field, from reader: inout ThriftCompactReader) throws {
        guard field.type == .structure else { throw ParquetError("dictionary_page_header is not a struct") }
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1: numValues = try reader.readI32(field)
            case 2: encoding = try reader.readI32(field)
            default: try reader.skip(field.type)
            }
        }
        guard numValues >= 0, encoding >= 0 else { throw ParquetError("dictionary page header lacks num_values or encoding") }
    }
}
