/// Reads the pages of one column chunk (an optional dictionary page, then v1 or v2 data pages) and decodes
/// their levels and values.
///
/// A chunk may hold at most `maxValuesPerChunk` (2^26, about 67 million) entries: memory grows with the
/// entries decoded (about 24 bytes each, plus string storage), and RLE runs can claim millions of entries in a
/// few bytes, so a larger claim is refused rather than trusted. Real files stay far below it (pyarrow writes row
/// groups of at most 1Mi rows); a file that needs more must be rewritten with smaller row groups.
struct ColumnChunkDecoder {
    static let maxValuesPerChunk = 1 << 26

    let leaf: LeafColumn
    let meta: ColumnMetaData
    /// "column 'text', row group 3", the start of every error's location.
    let location: String

    private var maxDefinition: UInt8 { leaf.maxDefinitionLevel }
    private var maxRepetition: UInt8 { leaf.maxRepetitionLevel }

    /// Reads the chunk's bytes (which must end before `dataEnd`, the footer) and decodes every page.
    func decode(_ file: RandomAccessFile, dataEnd: Int) throws -> LeafColumnData {
        let (start, bytes) = try within(location) { try readChunk(file, dataEnd: dataEnd) }
        let plain = try within(location) { try PlainDecoder(leaf) }
        var result = LeafColumnData()
        var dictionary: [ParquetValue]?
        var entries = 0
        var position = 0
        while entries < Int(meta.numValues) {
            let pageOffset = start + position
            guard position < bytes.count else {
                throw ParquetError("the chunk's \(bytes.count) bytes end after \(entries) of its \(meta.numValues) values", location: location)
            }
            var reader = ThriftCompactReader(bytes, from: position, fileOffset: start)
            let header = try within("\(location), page header at offset \(pageOffset)") { try PageHeader(from: &reader) }
            let bodyStart = reader.position
            let bodySize = Int(header.compressedPageSize)
            guard bodySize <= bytes.count - bodyStart else {
                throw ParquetError("page of \(bodySize) bytes runs past the end of its column chunk (\(bytes.count - bodyStart) bytes left)",
                                   location: "\(location), page at offset \(pageOffset)")
            }
            let body = bytes[bodyStart..<bodyStart + bodySize]
            position = bodyStart + bodySize
            switch PageType(rawValue: header.type) {
            case .dictionaryPage:
                dictionary = try within("\(location), dictionary page at offset \(pageOffset)") {
                    guard dictionary == nil, result.dataPageCount == 0 else {
                        throw ParquetError("a dictionary page must come once, before the data pages")
                    }
                    return try decodeDictionary(header, body, plain)
                }
            case .dataPage, .dataPageV2:
                try within("\(location), data page at offset \(pageOffset)") {
                    let added = try decodeDataPage(header, body, plain, dictionary, remaining: Int(meta.numValues) - entries, into: &result)
                    entries += added
                    result.dataPageCount += 1
                }
            case .indexPage, nil:
                continue
            }
        }
        return result
    }

    /// Checks the metadata against the schema and reads the chunk's byte range.
    private func readChunk(_ file: RandomAccessFile, dataEnd: Int) throws -> (Int, [UInt8]) {
        try Decompressor.check(meta.codec)
        guard meta.type == leaf.physicalType?.rawValue else {
            throw ParquetError("column metadata says physical type #\(meta.type) but the schema says \(leaf.physicalType.map { "\($0)" } ?? "unknown")")
        }
        guard meta.pathInSchema == leaf.path else {
            throw ParquetError("column metadata path '\(meta.pathInSchema.joined(separator: "."))' differs from the schema's '\(leaf.dottedPath)'")
        }
        let unsupported: [Encoding] = [.deltaBinaryPacked, .deltaLengthByteArray, .deltaByteArray, .byteStreamSplit]
        if let encoding = meta.encodings.compactMap(Encoding.init(rawValue:)).first(where: unsupported.contains) {
            throw ParquetError("the column uses encoding \(encoding), which is not supported (only PLAIN, RLE_DICTIONARY and PLAIN_DICTIONARY are)")
        }
        guard (0...Int64(Self.maxValuesPerChunk)).contains(meta.numValues) else {
            throw ParquetError("column chunk claims \(meta.numValues) values; at most \(Self.maxValuesPerChunk) are accepted (rewrite the file with smaller row groups)")
        }
        var start = meta.dataPageOffset
        if let dictionaryOffset = meta.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < start {
            start = dictionaryOffset
        }
        guard start >= 4, meta.totalCompressedSize >= 0, start <= Int64(dataEnd), meta.totalCompressedSize <= Int64(dataEnd) - start else {
            throw ParquetError("column chunk bytes \(start)+\(meta.totalCompressedSize) lie outside the data region 4..<\(dataEnd)")
        }
        return (Int(start), try file.read(offset: Int(start), count: Int(meta.totalCompressedSize)))
    }

    private func decodeDictionary(_ header: PageHeader, _ body: ArraySlice<UInt8>, _ plain: PlainDecoder) throws -> [ParquetValue] {
        guard let dictionaryHeader = header.dictionaryPage else { throw ParquetError("dictionary page without its header") }
        let encoding = Encoding(rawValue: dictionaryHeader.encoding)
        guard encoding == .plain || encoding == .plainDictionary else {
            throw ParquetError("dictionary encoding \(Encoding.name(dictionaryHeader.encoding)) is not supported (expected PLAIN)")
        }
        let data = try Decompressor.decompress(body, codec: meta.codec, uncompressedSize: Int(header.uncompressedPageSize))
        var values: [ParquetValue] = []
        try plain.decode(data, count: Int(dictionaryHeader.numValues), into: &values)
        return values
    }

    /// Decodes a v1 or v2 data page, appending to `result`; returns its number of entries.
    private func decodeDataPage(_ header: PageHeader, _ body: ArraySlice<UInt8>, _ plain: PlainDecoder, _ dictionary: [ParquetValue]?,
                                remaining: Int, into result: inout LeafColumnData) throws -> Int {
        let count: Int, encoding: Int32, valuesData: ArraySlice<UInt8>
        let firstLevel = result.definitionLevels.count
        if let v1 = header.dataPage, header.type == PageType.dataPage.rawValue {
            count = try checkedCount(v1.numValues, remaining: remaining)
            encoding = v1.encoding
            let page = try Decompressor.decompress(body, codec: meta.codec, uncompressedSize: Int(header.uncompressedPageSize))
            var cursor = page.startIndex
            if maxRepetition > 0 {
                try requireRLE(v1.repetitionLevelEncoding, "repetition")
                cursor = try lengthPrefixedLevels(page, from: cursor, count: count, maximum: maxRepetition, into: &result.repetitionLevels, "repetition levels")
            }
            if maxDefinition > 0 {
                try requireRLE(v1.definitionLevelEncoding, "definition")
                cursor = try lengthPrefixedLevels(page, from: cursor, count: count, maximum: maxDefinition, into: &result.definitionLevels, "definition levels")
            }
            valuesData = page[cursor...]
        } else if let v2 = header.dataPageV2, header.type == PageType.dataPageV2.rawValue {
            count = try checkedCount(v2.numValues, remaining: remaining)
            encoding = v2.encoding
            let repetitionBytes = Int(v2.repetitionLevelsByteLength), definitionBytes = Int(v2.definitionLevelsByteLength)
            guard repetitionBytes + definitionBytes <= min(body.count, Int(header.uncompressedPageSize)) else {
                throw ParquetError("levels of \(repetitionBytes) + \(definitionBytes) bytes do not fit in the page of \(body.count) bytes")
            }
            guard (maxRepetition > 0 || repetitionBytes == 0) && (maxDefinition > 0 || definitionBytes == 0) else {
                throw ParquetError("page has level bytes for a column without such levels")
            }
            let definitionStart = body.startIndex + repetitionBytes, valuesStart = definitionStart + definitionBytes
            if maxRepetition > 0 {
                try levels(body[body.startIndex..<definitionStart], count: count, maximum: maxRepetition, into: &result.repetitionLevels, "repetition levels")
            }
            if maxDefinition > 0 {
                try levels(body[definitionStart..<valuesStart], count: count, maximum: maxDefinition, into: &result.definitionLevels, "definition levels")
            }
            try checkV2Counts(v2, levelsFrom: firstLevel, result)
            let codec = v2.isCompressed ? meta.codec : CompressionCodec.uncompressed.rawValue
            valuesData = try Decompressor.decompress(body[valuesStart...], codec: codec,
                                                     uncompressedSize: Int(header.uncompressedPageSize) - repetitionBytes - definitionBytes)
        } else {
            throw ParquetError("data page without its data page header")
        }
        var nonNull = count
        if maxDefinition > 0 {
            nonNull = 0
            for level in result.definitionLevels[firstLevel...] where level == maxDefinition { nonNull += 1 }
        }
        try decodeValues(valuesData, count: nonNull, encoding: encoding, plain, dictionary, into: &result.values)
        return count
    }

    /// A v2 header also states its rows and nulls: both must agree with the levels just decoded.
    private func checkV2Counts(_ v2: DataPageHeaderV2, levelsFrom first: Int, _ result: LeafColumnData) throws {
        var rows = Int(v2.numValues), nulls = 0
        if maxRepetition > 0 {
            rows = 0
            for level in result.repetitionLevels[first...] where level == 0 { rows += 1 }
        }
        if maxDefinition > 0 {
            for level in result.definitionLevels[first...] where level < maxDefinition { nulls += 1 }
        }
        guard rows == Int(v2.numRows), nulls == Int(v2.numNulls) else {
            throw ParquetError("levels give \(rows) rows and \(nulls) nulls but the header says \(v2.numRows) rows and \(v2.numNulls) nulls")
        }
    }

    private func checkedCount(_ numValues: Int32, remaining: Int) throws -> Int {
        guard Int(numValues) <= remaining else {
            throw ParquetError("page claims \(numValues) values but only \(remaining) of the chunk's \(meta.numValues) remain")
        }
        return Int(numValues)
    }

    private func requireRLE(_ encoding: Int32, _ kind: String) throws {
        guard encoding == Encoding.rle.rawValue else {
            throw ParquetError("\(kind) levels use \(Encoding.name(encoding)); only RLE is supported")
        }
    }

    /// v1 levels: a 4-byte little-endian length, then RLE / bit-packed hybrid data. Returns the index after them.
    private func lengthPrefixedLevels(_ page: ArraySlice<UInt8>, from cursor: Int, count: Int, maximum: UInt8,
                                      into output: inout [UInt8], _ what: String) throws -> Int {
        let (dataStart, length) = try lengthPrefix(page, at: cursor, what: what)
        try levels(page[dataStart..<dataStart + length], count: count, maximum: maximum, into: &output, what)
        return dataStart + length
    }

    private func levels(_ data: ArraySlice<UInt8>, count: Int, maximum: UInt8, into output: inout [UInt8], _ what: String) throws {
        try RLEHybridDecoder.decode(data, bitWidth: RLEHybridDecoder.bitWidth(for: Int(maximum)), count: count,
                                    maximum: UInt32(maximum), into: &output, what: what)
    }

    /// Reads a 4-byte little-endian length at `cursor` and checks that many bytes follow.
    private func lengthPrefix(_ data: ArraySlice<UInt8>, at cursor: Int, what: String) throws -> (start: Int, length: Int) {
        guard data.endIndex - cursor >= 4 else { throw ParquetError("the 4-byte length of the \(what) runs past the end of the page") }
        var length = 0
        for byte in 0..<4 { length |= Int(data[cursor + byte]) << (8 * byte) }
        guard length <= data.endIndex - cursor - 4 else {
            throw ParquetError("\(what) claim \(length) bytes but \(data.endIndex - cursor - 4) remain in the page")
        }
        return (cursor + 4, length)
    }

    private func decodeValues(_ data: ArraySlice<UInt8>, count: Int, encoding: Int32, _ plain: PlainDecoder,
                              _ dictionary: [ParquetValue]?, into output: inout [ParquetValue]) throws {
        switch Encoding(rawValue: encoding) {
        case .plain:
            try plain.decode(data, count: count, into: &output)
        case .rle where leaf.physicalType == .boolean:
            let (start, length) = try lengthPrefix(data, at: data.startIndex, what: "RLE booleans")
            var bits: [UInt8] = []
            try RLEHybridDecoder.decode(data[start..<start + length], bitWidth: 1, count: count, maximum: 1, into: &bits, what: "RLE booleans")
            output.append(contentsOf: bits.lazy.map { .boolean($0 == 1) })
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw ParquetError("dictionary-encoded page without a dictionary page before it") }
            guard count > 0 else { return }
            guard let bitWidth = data.first.map(Int.init) else { throw ParquetError("dictionary-encoded page has no bit width byte") }
            var indices: [UInt32] = []
            try RLEHybridDecoder.decode(data.dropFirst(), bitWidth: bitWidth, count: count, maximum: .max, into: &indices, what: "dictionary indices")
            for index in indices {
                guard Int(index) < dictionary.count else {
                    throw ParquetError("dictionary index \(index) out of \(dictionary.count) entries")
                }
                output.append(dictionary[Int(index)])
            }
        default:
            throw ParquetError("value encoding \(Encoding.name(encoding)) is not supported (only PLAIN, RLE_DICTIONARY and PLAIN_DICTIONARY are)")
        }
    }
}
