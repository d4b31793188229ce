/// Decodes PLAIN-encoded values of one leaf column into cells (also used for dictionary pages).
struct PlainDecoder {
    let physicalType: PhysicalType
    let typeLength: Int
    let isString: Bool

    init(_ leaf: LeafColumn) throws {
        guard let physicalType = leaf.physicalType, leaf.unsupportedReason == nil else {
            throw ParquetError(leaf.unsupportedReason ?? "unsupported column")
        }
        self.physicalType = physicalType
        typeLength = leaf.typeLength
        isString = leaf.isString
    }

    /// Appends `count` values decoded from `data` to `output`.
    func decode(_ data: ArraySlice<UInt8>, count: Int, into output: inout [ParquetValue]) throws {
        switch physicalType {
        case .boolean:
            try requireBytes(data, (count + 7) / 8, count: count, each: "1 bit")
            let start = data.startIndex
            for index in 0..<count {
                output.append(.boolean(data[start + index / 8] >> UInt8(index % 8) & 1 == 1))
            }
        case .int32:
            try fixedWidth(data, count: count, width: 4, into: &output) { .int(Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: $0)))) }
        case .int64:
            try fixedWidth(data, count: count, width: 8, into: &output) { .int(Int64(bitPattern: $0)) }
        case .float:
            try fixedWidth(data, count: count, width: 4, into: &output) { .double(Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0)))) }
        case .double:
            try fixedWidth(data, count: count, width: 8, into: &output) { .double(Double(bitPattern: $0)) }
        case .byteArray:
            try byteArrays(data, count: count, into: &output)
        case .fixedLenByteArray:
            let (total, overflow) = count.multipliedReportingOverflow(by: typeLength)
            try requireBytes(data, overflow ? Int.max : total, count: count, each: "\(typeLength) bytes")
            var position = data.startIndex
            for _ in 0..<count {
                output.append(try cell(data[position..<position + typeLength]))
                position += typeLength
            }
        case .int96:
            throw ParquetError("INT96 values are not supported")
        }
    }

    private func requireBytes(_ data: ArraySlice<UInt8>, _ needed: Int, count: Int, each: String) throws {
        guard needed <= data.count else {
            throw ParquetError("\(count) PLAIN \(physicalType) values of \(each) need \(needed) bytes but the page holds \(data.count)")
        }
    }

    /// Little-endian values of `width` (4 or 8) bytes, each turned into a cell by `make`.
    private func fixedWidth(_ data: ArraySlice<UInt8>, count: Int, width: Int, into output: inout [ParquetValue],
                            _ make: (UInt64) -> ParquetValue) throws {
        let (total, overflow) = count.multipliedReportingOverflow(by: width)
        try requireBytes(data, overflow ? Int.max : total, count: count, each: "\(width) bytes")
        data.withUnsafeBytes { raw in
            for index in 0..<count {
                let offset = index * width
                let bits = width == 4 ? UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                                      : UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                output.append(make(bits))
            }
        }
    }

    /// Values each preceded by a 4-byte little-endian length.
    private func byteArrays(_ data: ArraySlice<UInt8>, count: Int, into output: inout [ParquetValue]) throws {
        var position = data.startIndex
        for index in 0..<count {
            guard data.endIndex - position >= 4 else {
                throw ParquetError("PLAIN BYTE_ARRAY value \(index) of \(count): its length prefix runs past the end of the page")
            }
            var length = 0
            for byte in 0..<4 { length |= Int(data[position + byte]) << (8 * byte) }
            position += 4
            guard length <= data.endIndex - position else {
                throw ParquetError("PLAIN BYTE_ARRAY value \(index) of \(count) claims \(length) bytes but \(data.endIndex - position) remain in the page")
            }
            output.append(try cell(data[position..<position + length]))
            position += length
        }
    }

    private func cell(_ bytes: ArraySlice<UInt8>) throws -> ParquetValue {
        guard isString else { return .bytes(Array(bytes)) }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw ParquetError("a STRING value of \(bytes.count) bytes is not valid UTF-8")
        }
        return .string(string)
    }
}
