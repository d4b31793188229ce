/// The physical storage type of a leaf column (parquet.thrift `Type`).
enum PhysicalType: Int32, CustomStringConvertible {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

    var description: String {
        ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"][Int(rawValue)]
    }
}

/// Whether a schema node is required, optional or repeated (parquet.thrift `FieldRepetitionType`).
enum Repetition: Int32 {
    case required = 0, optional = 1, repeated = 2
}

/// How a page's values or levels are encoded (parquet.thrift `Encoding`).
enum Encoding: Int32, CustomStringConvertible {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9

    /// The name for a raw value, known or not, for error messages.
    static func name(_ raw: Int32) -> String {
        Encoding(rawValue: raw)?.description ?? "encoding #\(raw)"
    }

    var description: String {
        switch self {
        case .plain: "PLAIN"
        case .plainDictionary: "PLAIN_DICTIONARY"
        case .rle: "RLE"
        case .bitPacked: "BIT_PACKED"
        case .deltaBinaryPacked: "DELTA_BINARY_PACKED"
        case .deltaLengthByteArray: "DELTA_LENGTH_BYTE_ARRAY"
        case .deltaByteArray: "DELTA_BYTE_ARRAY"
        case .rleDictionary: "RLE_DICTIONARY"
        case .byteStreamSplit: "BYTE_STREAM_SPLIT"
        }
    }
}

/// The compression of a column chunk's pages (parquet.thrift `CompressionCodec`).
enum CompressionCodec: Int32 {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    /// The name for a raw value, known or not, for error messages.
    static func name(_ raw: Int32) -> String {
        guard let codec = CompressionCodec(rawValue: raw) else { return "codec #\(raw)" }
        return ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"][Int(codec.rawValue)]
    }
}

/// The kind of a page (parquet.thrift `PageType`).
enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}
