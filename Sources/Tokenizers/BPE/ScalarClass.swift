/// The classes the well-known pre-tokenizer regexes test a character for: `\s` (Unicode White_Space, as Oniguruma and
/// ICU read it), `\p{L}`, `\p{N}`, or none of them.
enum ScalarClass: UInt8 {
    case space, letter, number, other

    init(_ value: UInt32) {
        if value < 0x80 { self = ScalarClass.ascii[Int(value)]; return }
        guard let scalar = Unicode.Scalar(value) else { self = .other; return }
        if scalar.properties.isWhitespace { self = .space; return }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: self = .letter
        case .decimalNumber, .letterNumber, .otherNumber: self = .number
        default: self = .other
        }
    }

    private static let ascii: [ScalarClass] = (0..<128).map { value in
        switch UInt8(value) {
        case 0x09...0x0D, 0x20: .space
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        default: .other
        }
    }
}

/// A text's Unicode scalars with their UTF-8 offsets, for scanners that work on scalars and cut on bytes.
struct ScalarsWithOffsets {
    var values: [UInt32] = []
    /// UTF-8 offset of each scalar, and the total length last.
    var offsets: [Int] = []

    init(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            values.reserveCapacity(bytes.count)
            offsets.reserveCapacity(bytes.count + 1)
            var i = 0
            while i < bytes.count {
                let (value, length) = decodeUTF8(bytes, at: i)
                offsets.append(i)
                values.append(value)
                i += length
            }
            offsets.append(bytes.count)
        }
    }
}

/// The scalar whose (valid) UTF-8 encoding starts at `i`, and the encoding's length.
@inline(__always)
func decodeUTF8<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int) -> (value: UInt32, length: Int) where Bytes.Index == Int {
    let lead = UInt32(bytes[i])
    func continuation(_ k: Int) -> UInt32 { UInt32(bytes[i + k] & 0x3F) }
    switch lead {
    case ..<0x80: return (lead, 1)
    case ..<0xE0: return ((lead & 0x1F) << 6 | continuation(1), 2)
    case ..<0xF0: return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3)
    default: return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
    }
}

/// The scalar whose UTF-8 encoding ends just before `end`, and where its encoding starts.
func decodeUTF8<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, before end: Int) -> (value: UInt32, start: Int) where Bytes.Index == Int {
    var start = end - 1
    while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    return (decodeUTF8(bytes, at: start).value, start)
}
