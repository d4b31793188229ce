import CSnappy
import CZstd

/// Decompresses one page with the column chunk's codec (UNCOMPRESSED, SNAPPY or ZSTD).
///
/// The size a page claims is checked before anything is allocated: at most `maxPageBytes` (1 GiB),
/// and at most `maxRatio` (1024) times its compressed size unless it is under `smallPageBytes` (16 MiB).
/// Snappy cannot expand more than about 22 times and real ZSTD pages stay far below 1024, so only
/// a hostile or corrupt header is refused.
enum Decompressor {
    static let maxPageBytes = 1 << 30
    static let maxRatio = 1024
    static let smallPageBytes = 16 << 20

    /// Whether pages of `codec` can be read; otherwise the sentence saying why not.
    static func check(_ codec: Int32) throws {
        switch CompressionCodec(rawValue: codec) {
        case .uncompressed, .snappy, .zstd: return
        default: throw unsupported(codec)
        }
    }

    private static func unsupported(_ codec: Int32) -> ParquetError {
        ParquetError("compression \(CompressionCodec.name(codec)) is not supported (only UNCOMPRESSED, SNAPPY and ZSTD are); rewrite the file with compression='zstd' or 'snappy'")
    }

    static func decompress(_ input: ArraySlice<UInt8>, codec: Int32, uncompressedSize: Int) throws -> ArraySlice<UInt8> {
        let ratioLimit = input.count.multipliedReportingOverflow(by: maxRatio)
        let limit = min(maxPageBytes, max(smallPageBytes, ratioLimit.overflow ? Int.max : ratioLimit.partialValue))
        guard uncompressedSize >= 0, uncompressedSize <= limit else {
            throw ParquetError("page claims \(uncompressedSize) bytes uncompressed from \(input.count) compressed; at most \(limit) are accepted")
        }
        switch CompressionCodec(rawValue: codec) {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw ParquetError("uncompressed page holds \(input.count) bytes but its header says \(uncompressedSize)")
            }
            return input
        case .snappy:
            return try ArraySlice(snappy(input, uncompressedSize: uncompressedSize))
        case .zstd:
            return try ArraySlice(zstd(input, uncompressedSize: uncompressedSize))
        default:
            throw unsupported(codec)
        }
    }

    private static func snappy(_ input: ArraySlice<UInt8>, uncompressedSize: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { source in
            let base = source.baseAddress?.assumingMemoryBound(to: CChar.self)
            var length = 0
            guard snappy_uncompressed_length(base, source.count, &length) == SNAPPY_OK, length == uncompressedSize else {
                throw ParquetError("snappy data is corrupt or does not decompress to the \(uncompressedSize) bytes the page header says")
            }
            guard uncompressedSize > 0 else { return [] }
            return try [UInt8](unsafeUninitializedCapacity: uncompressedSize) { output, initialized in
                var produced = uncompressedSize
                let status = output.baseAddress!.withMemoryRebound(to: CChar.self, capacity: uncompressedSize) {
                    snappy_uncompress(base, source.count, $0, &produced)
                }
                guard status == SNAPPY_OK, produced == uncompressedSize else {
                    throw ParquetError("snappy data is corrupt (decompression failed)")
                }
                initialized = produced
            }
        }
    }

    private static func zstd(_ input: ArraySlice<UInt8>, uncompressedSize: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { source in
            try [UInt8](unsafeUninitializedCapacity: uncompressedSize) { output, initialized in
                let produced = ZSTD_decompress(output.baseAddress, uncompressedSize, source.baseAddress, source.count)
                if ZSTD_isError(produced) != 0 {
                    throw ParquetError("zstd data is corrupt: \(String(cString: ZSTD_getErrorName(produced)))")
                }
                guard produced == uncompressedSize else {
                    throw ParquetError("zstd data decompresses to \(produced) bytes but the page header says \(uncompressedSize)")
                }
                initialized = produced
            }
        }
    }
}
