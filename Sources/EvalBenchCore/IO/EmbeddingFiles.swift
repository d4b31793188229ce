import Foundation
import Kernels

/// Writes embedding matrices as NumPy `.npy` (float32, C order) or `.safetensors` (tensor `embeddings`),
/// atomically.
public enum EmbeddingFiles {
    public static func write(_ matrix: EmbeddingMatrix, to url: URL) throws {
        switch url.pathExtension.lowercased() {
        case "npy": try AtomicFile.write(npyData(matrix), to: url)
        case "safetensors": try AtomicFile.write(safetensorsData(matrix), to: url)
        default:
            throw EvalBenchError("\(url.path): unknown output format '.\(url.pathExtension)' (use .npy or .safetensors)")
        }
    }

    /// NPY version 1.0: magic, header dict padded so the data starts on a 64-byte boundary.
    static func npyData(_ m: EmbeddingMatrix) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(m.rows), \(m.dimension)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        m.values.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// safetensors: 8-byte little-endian header length, JSON header padded to 8 bytes, raw F32 data.
    static func safetensorsData(_ m: EmbeddingMatrix) -> Data {
        let bytes = m.values.count * 4
        var header = "{\"embeddings\":{\"dtype\":\"F32\",\"shape\":[\(m.rows),\(m.dimension)],\"data_offsets\":[0,\(bytes)]}}"
        header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        m.values.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }
}
