import Common
import Foundation
import Kernels

/// A memory-mapped `.safetensors` file: the JSON header is parsed and checked (dtypes, shapes,
/// offsets inside the file and not overlapping) before any tensor is read.
public struct SafeTensorsFile {
    /// Where one tensor lives in the file.
    public struct TensorInfo: Equatable {
        public let name: String
        public let dtype: String
        public let shape: [Int]
        /// Byte range inside the data section (after the header).
        public let range: Range<Int>
    }

    public let url: URL
    public let tensors: [String: TensorInfo]
    let data: Data
    let dataStart: Int

    static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
        "U16": 2, "U32": 4, "U64": 8, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

    public init(url: URL) throws {
        self.url = url
        let name = url.lastPathComponent
        data = try MappedFile.map(url)
        guard data.count >= 8 else {
            throw EncoderError("\(name) is truncated: \(data.count) bytes, too short for a safetensors header")
        }
        let claimed = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard claimed > 0, claimed <= UInt64(data.count - 8) else {
            throw EncoderError("\(name) is truncated or corrupt: its header claims \(claimed) bytes but the file has \(data.count)")
        }
        let headerLength = Int(claimed)
        dataStart = 8 + headerLength
        let header = data.subdata(in: 8..<dataStart)
        guard let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw EncoderError("\(name): the header is not a JSON object")
        }
        let dataLength = data.count - dataStart
        var tensors: [String: TensorInfo] = [:]
        for (key, value) in object where key != "__metadata__" {
            guard let entry = value as? [String: Any],
                  let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int],
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw EncoderError("\(name): tensor '\(key)' has no valid dtype, shape and data_offsets")
            }
            guard let size = Self.elementSizes[dtype] else {
                throw EncoderError("\(name): tensor '\(key)' has unknown dtype '\(dtype)'")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw EncoderError("\(name): tensor '\(key)' has a negative dimension in shape \(shape)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end else {
                throw EncoderError("\(name): tensor '\(key)' has invalid data_offsets [\(begin), \(end)]")
            }
            guard end <= dataLength else {
                throw EncoderError("\(name) is truncated: tensor '\(key)' ends at byte \(end) of a data section of \(dataLength) bytes")
            }
            // The byte size in checked arithmetic: a shape whose product wraps around must not pass as a small tensor.
            var expected = size
            for dimension in shape {
                let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw EncoderError("\(name): tensor '\(key)' has shape \(shape), whose byte size does not fit in 64 bits")
                }
                expected = product
            }
            guard end - begin == expected else {
                throw EncoderError("\(name): tensor '\(key)' has \(end - begin) bytes but \(dtype) \(shape) needs \(expected)")
            }
            tensors[key] = TensorInfo(name: key, dtype: dtype, shape: shape, range: begin..<end)
        }
        let ordered = tensors.values.filter { !$0.range.isEmpty }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(ordered, ordered.dropFirst()) where a.range.upperBound > b.range.lowerBound {
            throw EncoderError("\(name): tensors '\(a.name)' and '\(b.name)' overlap in the file")
        }
        // As the safetensors library requires, the tensors fill the data section exactly: a header length that is off
        // by a byte (so that every tensor would be read shifted) leaves bytes over or missing.
        let covered = ordered.reduce(0) { $0 + $1.range.count }
        guard covered == dataLength, ordered.first.map({ $0.range.lowerBound == 0 }) ?? true else {
            throw EncoderError("\(name) is corrupt: its tensors cover \(covered) bytes of a data section of \(dataLength) (is the header length right?)")
        }
        self.tensors = tensors
    }

    /// The tensor `name` widened to float32, checked against `shape` when given.
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        let info = try tensor(name, shape: expected)
        var out = [Float](repeating: 0, count: info.shape.reduce(1, *))
        try out.withUnsafeMutableBufferPointer { try widen(info, into: $0.baseAddress!) }
        return out
    }

    /// The tensor `name` widened into a buffer of its own, with no intermediate copy (for tables as
    /// large as a 262,144-token embedding).
    public func buffer(_ name: String, shape expected: [Int]? = nil) throws -> FloatBuffer {
        let info = try tensor(name, shape: expected)
        let buffer = FloatBuffer(capacity: info.shape.reduce(1, *))
        try widen(info, into: buffer.pointer)
        return buffer
    }

    /// The tensors `names`, each of `rows[k]` × `columns`, widened one after another into one buffer (a fused
    /// Q/K/V or gate/up matrix), with no intermediate copy.
    public func stacked(_ names: [String], rows: [Int], columns: Int) throws -> FloatBuffer {
        let buffer = FloatBuffer(capacity: rows.reduce(0, +) * columns)
        var offset = 0
        for (name, count) in zip(names, rows) {
            try widen(try tensor(name, shape: [count, columns]), into: buffer.pointer + offset)
            offset += count * columns
        }
        return buffer
    }

    func tensor(_ name: String, shape expected: [Int]?) throws -> TensorInfo {
        guard let info = tensors[name] else {
            throw EncoderError("\(url.lastPathComponent) has no tensor '\(name)'")
        }
        if let expected, expected != info.shape {
            throw EncoderError("\(url.lastPathComponent): tensor '\(name)' has shape \(info.shape), expected \(expected)")
        }
        return info
    }

    private func widen(_ info: TensorInfo, into dst: UnsafeMutablePointer<Float>) throws {
        let count = info.shape.reduce(1, *)
        try data.withUnsafeBytes { raw in
            let base = raw.baseAddress! + dataStart + info.range.lowerBound
            switch info.dtype {
            case "F32":
                UnsafeMutableRawPointer(dst).copyMemory(from: base, byteCount: count * 4)
            case "F16":
                for i in 0..<count { dst[i] = Float(Float16(bitPattern: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
            case "BF16":
                for i in 0..<count {
                    let bits = UInt32(base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16
                    dst[i] = Float(bitPattern: bits)
                }
            case "F64":
                for i in 0..<count { dst[i] = Float(base.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)) }
            default:
                throw EncoderError("\(url.lastPathComponent): tensor '\(info.name)' is \(info.dtype), expected F32, F16 or BF16")
            }
            // The tensor now lives widened in memory: keeping the file pages too would add the whole file to
            // the peak (600 MB for EmbeddingGemma in BF16).
            MappedFile.release(base, byteCount: info.range.count)
        }
    }
}
