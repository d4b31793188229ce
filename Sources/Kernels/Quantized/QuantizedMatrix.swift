import CQuantKernels

/// A row-major `rows × columns` float matrix quantized into the packed layout of the C kernels
/// (`CQuantKernels.h`): int8 or 4-bit values in blocks of 32 along a row with float scales.
public final class QuantizedMatrix {
    public let rows: Int
    public let columns: Int
    public let format: WeightFormat
    let packed: UnsafeMutablePointer<UInt8>
    let scales: UnsafeMutablePointer<Float>
    let packedCount: Int
    let scaleCount: Int

    /// Quantizes `source` (row stride `columns`); `format` must not be `.f32`.
    public init(_ source: UnsafePointer<Float>, rows: Int, columns: Int, format: WeightFormat) {
        precondition(format != .f32, "QuantizedMatrix needs a quantized format")
        self.rows = rows
        self.columns = columns
        self.format = format
        packedCount = qk_packed_bytes(Int32(rows), Int32(columns), format.bits)
        scaleCount = qk_scale_count(Int32(rows), Int32(columns), format.perRow)
        packed = .allocate(capacity: packedCount)
        scales = .allocate(capacity: scaleCount)
        qk_pack(source, Int32(rows), Int32(columns), Int32(columns), format.bits, format.perRow, packed, scales)
    }

    deinit {
        packed.deallocate()
        scales.deallocate()
    }

    /// Bytes held: packed values plus scales.
    public var bytes: Int { packedCount + scaleCount * MemoryLayout<Float>.size }

    /// Writes row `row`'s dequantized values (`columns` floats) to `out`.
    public func dequantizeRow(_ row: Int, into out: UnsafeMutablePointer<Float>) {
        qk_dequantize_row(packed, scales, Int32(columns), format.bits, format.perRow, Int32(row), out)
    }

    /// C[m × rows] = A[m × columns] · selfᵀ (or += when `accumulate`), with A's rows quantized to int8 per
    /// block into `workspace` (within ±`activationLimit`, by default the kernel's own), rows of A split over
    /// `threads`, by `kernel` (tests choose each one the CPU supports, and give the portable one another kernel's limit).
    public func multiply(
        _ a: UnsafePointer<Float>, m: Int, lda: Int, into c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool = false, workspace: QuantizedActivations, threads: Int = 1, kernel: QuantKernel = .best,
        activationLimit: Int32? = nil
    ) {
        precondition(kernel.isSupported, "\(kernel.name) kernels need a CPU that has them")
        let blocks = (columns + 31) / 32, limit = activationLimit ?? kernel.activationLimit(format)
        workspace.reserve(rows: m, blocks: blocks)
        let (values, activationScales, corrections) = (workspace.values.pointer, workspace.scales.pointer, workspace.corrections.pointer)
        parallelChunks(m, threads: workerCount(work: m * rows * columns, threads: threads)) { range in
            let first = range.lowerBound
            let v = values + first * blocks * 32, s = activationScales + first * blocks, offsets = corrections + first * blocks
            qk_quantize_activations(a + first * lda, Int32(range.count), Int32(columns), Int32(lda), format.bits, limit, v, s, offsets)
            qk_gemm(kernel.cValue, Int32(range.count), Int32(rows), Int32(columns), v, s, offsets, packed, scales, format.bits,
                    format.perRow, c + first * ldc, Int32(ldc), accumulate ? 1 : 0)
        }
    }
}

/// Scratch for activations quantized per row and block (int8 values, a scale and a correction per block), owned
/// by one forward pass and reused across layers.
public final class QuantizedActivations {
    let values = TypedBuffer<Int8>(), scales = TypedBuffer<Float>(), corrections = TypedBuffer<Int32>()

    public init() {}

    func reserve(rows: Int, blocks: Int) {
        values.reserve(rows * blocks * 32)
        scales.reserve(rows * blocks)
        corrections.reserve(rows * blocks)
    }

    /// The dequantized value of activation (row, column) as the last product quantized it, for tests.
    public func dequantized(row: Int, column: Int, columns: Int) -> Float {
        let blocks = (columns + 31) / 32, block = row * blocks + column / 32
        return Float(values.pointer[block * 32 + column % 32]) * scales.pointer[block]
    }
}

/// A growable heap buffer of one element type, contents not preserved on growth.
final class TypedBuffer<Element> {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private var capacity = 1

    init() { pointer = .allocate(capacity: 1) }
    deinit { pointer.deallocate() }

    func reserve(_ count: Int) {
        guard count > capacity else { return }
        pointer.deallocate()
        capacity = count
        pointer = .allocate(capacity: count)
    }
}
