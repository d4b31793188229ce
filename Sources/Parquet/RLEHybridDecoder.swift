/// Decodes the RLE / bit-packed hybrid encoding used for levels, dictionary indices and RLE booleans.
///
/// Runs are read until `count` values are out; a run longer than needed is cut, a run of length zero
/// is an error (it would never finish), and every value is checked against `maximum` before use.
enum RLEHybridDecoder {
    /// Appends `count` values of `bitWidth` bits from `data` to `output`, each at most `maximum`;
    /// `what` ("definition levels") starts every error message.
    /// Returns how many bytes of `data` were consumed.
    @discardableResult
    static func decode<T: FixedWidthInteger & UnsignedInteger>(
        _ data: ArraySlice<UInt8>, bitWidth: Int, count: Int, maximum: UInt32, into output: inout [T], what: String
    ) throws -> Int {
        guard (0...32).contains(bitWidth) else { throw ParquetError("\(what): RLE bit width \(bitWidth) is not within 0...32") }
        guard UInt64(maximum) <= UInt64(T.max) else { throw ParquetError("\(what): RLE maximum \(maximum) exceeds the output type") }
        let valueBytes = (bitWidth + 7) / 8
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        return try data.withUnsafeBufferPointer { bytes in
            var position = 0
            var remaining = count
            while remaining > 0 {
                guard position < bytes.count else {
                    throw ParquetError("\(what): RLE data ends with \(remaining) of \(count) values still to come")
                }
                let header = try readHeader(bytes, &position, what)
                if header & 1 == 1 {
                    let groups = Int(header >> 1)
                    guard groups > 0 else { throw ParquetError("\(what): RLE data has an empty bit-packed run") }
                    let take = min(groups * 8, remaining)
                    let neededBytes = (take * bitWidth + 7) / 8
                    let available = bytes.count - position
                    guard neededBytes <= available else {
                        throw ParquetError("\(what): RLE bit-packed run needs \(neededBytes) bytes but \(available) remain")
                    }
                    var accumulator: UInt64 = 0
                    var bits = 0
                    var cursor = position
                    for _ in 0..<take {
                        while bits < bitWidth {
                            accumulator |= UInt64(bytes[cursor]) << UInt64(bits)
                            cursor += 1
                            bits += 8
                        }
                        let value = accumulator & mask
                        guard value <= UInt64(maximum) else {
                            throw ParquetError("\(what): value \(value) exceeds the maximum \(maximum)")
                        }
                        output.append(T(truncatingIfNeeded: value))
                        accumulator >>= UInt64(bitWidth)
                        bits -= bitWidth
                    }
                    position += min(groups * bitWidth, available)
                    remaining -= take
                } else {
                    let runLength = Int(header >> 1)
                    guard runLength > 0 else { throw ParquetError("\(what): RLE data has an empty run") }
                    guard valueBytes <= bytes.count - position else {
                        throw ParquetError("\(what): RLE run value needs \(valueBytes) bytes but \(bytes.count - position) remain")
                    }
                    var value: UInt64 = 0
                    for index in 0..<valueBytes { value |= UInt64(bytes[position + index]) << UInt64(8 * index) }
                    position += valueBytes
                    guard value <= UInt64(maximum) else {
                        throw ParquetError("\(what): value \(value) exceeds the maximum \(maximum)")
                    }
                    let take = min(runLength, remaining)
                    output.append(contentsOf: repeatElement(T(truncatingIfNeeded: value), count: take))
                    remaining -= take
                }
            }
            return position
        }
    }

    /// The run header: an unsigned LEB128 varint of at most 32 bits.
    private static func readHeader(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ what: String) throws -> UInt32 {
        var result: UInt64 = 0
        for index in 0..<5 {
            guard position < bytes.count else { throw ParquetError("\(what): RLE run header runs past the end of its data") }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7f) << UInt64(7 * index)
            if byte & 0x80 == 0 {
                guard result <= UInt64(UInt32.max) else { throw ParquetError("\(what): RLE run header exceeds 32 bits") }
                return UInt32(result)
            }
        }
        throw ParquetError("\(what): RLE run header is longer than 5 bytes")
    }

    /// The number of bits needed to store values up to `maximum`.
    static func bitWidth(for maximum: Int) -> Int {
        maximum <= 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount
    }
}
