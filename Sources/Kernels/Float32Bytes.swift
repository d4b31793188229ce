/// float32 values as little-endian bytes and back: how OpenAI's base64 embeddings and the embedding cache hold vectors.
public enum Float32Bytes {
    /// The little-endian bytes of `values`, four per value.
    public static func bytes<Values: Collection>(of values: Values) -> [UInt8] where Values.Element == Float {
        var out = [UInt8](repeating: 0, count: values.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, value) in values.enumerated() { raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        return out
    }

    /// The floats in `bytes` (little-endian, four per value; a trailing partial value is ignored).
    public static func floats(_ bytes: UnsafeRawBufferPointer) -> [Float] {
        (0..<(bytes.count / 4)).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
    }
}
