/// How a model's linear-layer weights are held in memory: as loaded, or quantized at load time.
public enum WeightFormat: String, CaseIterable, Sendable, Codable {
    /// float32, as loaded (f16 and bf16 files are widened).
    case f32
    /// int8 in blocks of 32 along the input dimension, one float scale per block (GGML's Q8_0 layout idea).
    case q8
    /// 4-bit values with an offset of 8 in blocks of 32, one float scale per block (GGML's Q4_0 rule).
    case q4
    /// int8 with one float scale per output row.
    case int8Channel = "int8-channel"

    /// Parses a comma-separated list (`f32,q8,q4`), naming the unknown entry.
    public static func list(_ text: String) throws -> [WeightFormat] {
        try text.split(separator: ",").map { item in
            let name = String(item.filter { $0 != " " })
            guard let format = WeightFormat(rawValue: name) else {
                throw KernelError("unknown weights format '\(name)' (\(allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return format
        }
    }

    /// Bits of the stored values and whether scales are per output row, in the C kernels' terms.
    var bits: Int32 { self == .q4 ? 4 : 8 }
    var perRow: Int32 { self == .int8Channel ? 1 : 0 }
}

/// A kernel-level input error (shapes, formats).
public struct KernelError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
