/// A heap buffer of floats owned by one forward pass: allocated once per batch shape and reused,
/// so the hot loop never allocates.
public final class FloatBuffer {
    public private(set) var pointer: UnsafeMutablePointer<Float>
    public private(set) var capacity: Int

    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 1)
        pointer = .allocate(capacity: self.capacity)
    }

    /// A buffer holding a copy of `values` (weights are kept this way so the forward pass reads raw pointers).
    public convenience init(_ values: [Float]) {
        self.init(capacity: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    /// Bytes allocated.
    public var bytes: Int { capacity * MemoryLayout<Float>.size }

    /// Makes room for at least `count` floats (contents are not preserved) and returns the storage.
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
        }
        return pointer
    }
}
