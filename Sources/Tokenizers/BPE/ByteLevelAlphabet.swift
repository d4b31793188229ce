/// GPT-2's `bytes_to_unicode`: each byte as a printable character, so that byte-level tokens are ordinary strings.
/// Printable Latin-1 bytes stand for themselves; the others (controls, space, soft hyphen) become U+0100 onwards,
/// in byte order (space is `Ġ`, newline `Ċ`).
enum ByteLevelAlphabet {
    /// The UTF-8 encoding of each byte's character (one or two bytes).
    static let utf8: [[UInt8]] = {
        var scalars = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable { scalars[byte] = UInt32(byte) } else { scalars[byte] = next; next += 1 }
        }
        return scalars.map { Array(String(Character(Unicode.Scalar($0)!)).utf8) }
    }()

    /// `text` with each of its UTF-8 bytes replaced by that byte's character.
    static func map(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 { bytes.append(contentsOf: utf8[Int(byte)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
