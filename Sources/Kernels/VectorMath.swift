/// Vectorised element-wise kernels of the transformer forward pass (AVX2 through SIMD8).
public enum VectorMath {
    public typealias V = SIMD8<Float>

    /// Lane-wise clamp that compiles to two vector compares and blends (`clamped` is a generic call).
    @inline(__always)
    static func clamp(_ x: V, _ low: Float, _ high: Float) -> V {
        let lo = V(repeating: low), hi = V(repeating: high)
        return x.replacing(with: lo, where: x .< lo).replacing(with: hi, where: x .> hi)
    }

    /// exp(x) for eight lanes: Cephes' range reduction and polynomial, about 1 ulp from libm.
    @inline(__always)
    public static func exp(_ input: V) -> V {
        let x = clamp(input, -87.3, 88.3)
        let n = (x * 1.44269504088896341).rounded(.toNearestOrEven)
        var r = x - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p = V(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * r * r + r + 1
        // 2ⁿ built from bits: adding 1.5·2²³ puts the integer n in the low mantissa bits (a vector
        // float→int conversion in plain Swift is a slow per-lane call).
        let integer = unsafeBitCast(n + 12582912, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return y * unsafeBitCast((integer &+ 127) &<< 23, to: V.self)
    }

    /// erf(x) for eight lanes: a rational approximation (the one Eigen and XLA use), within 1e-6 of libm.
    @inline(__always)
    public static func erf(_ input: V) -> V {
        let x = clamp(input, -4, 4)
        let x2 = x * x
        var p = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = p * x2 + -2.10102402082508e-06
        p = p * x2 + -5.69250639462346e-05
        p = p * x2 + -7.34990630326855e-04
        p = p * x2 + -2.95459980854025e-03
        p = p * x2 + -1.60960333262415e-02
        p = p * x
        var q = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
        q = q * x2 + -1.68282697438203e-03
        q = q * x2 + -7.37332916720468e-03
        q = q * x2 + -1.42647390514189e-02
        return p / q
    }

    /// tanh(x) for eight lanes, from exp: 1 - 2 / (exp(2x) + 1).
    @inline(__always)
    public static func tanh(_ x: V) -> V {
        1 - 2 / (exp(2 * x) + 1)
    }

    /// Applies `body` to `count` floats in place, eight at a time, with a scalar-padded tail.
    @inline(__always)
    static func mapInPlace(_ data: UnsafeMutablePointer<Float>, count: Int, _ body: (V) -> V) {
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(data + i)
            raw.storeBytes(of: body(raw.loadUnaligned(as: V.self)), as: V.self)
            i += 8
        }
        if i < count {
            var tail = V(repeating: 0)
            for j in 0..<(count - i) { tail[j] = data[i + j] }
            let out = body(tail)
            for j in 0..<(count - i) { data[i + j] = out[j] }
        }
    }

    /// GELU with the exact erf form: x · ½ · (1 + erf(x / √2)) (BERT's "gelu").
    public static func geluErf(_ data: UnsafeMutablePointer<Float>, count: Int) {
        mapInPlace(data, count: count) { x in x * 0.5 * (1 + erf(x * 0.70710678118654752)) }
    }

    /// Gemma's gated feed-forward activation, in place over the gate: gate ← GELU_tanh(gate) · up, where
    /// GELU_tanh(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's `gelu(approximate="tanh")`).
    public static func geluTanhGated(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        mapInPlace(gate, count: count) { x in 0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) }
        multiply(gate, by: up, count: count)
    }

    /// ModernBERT's GeGLU, in place over the input half: input ← GELU_erf(input) · gate.
    public static func geluErfGated(_ input: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, count: Int) {
        geluErf(input, count: count)
        multiply(input, by: gate, count: count)
    }

    /// tanh in place.
    public static func tanh(_ data: UnsafeMutablePointer<Float>, count: Int) {
        mapInPlace(data, count: count) { tanh($0) }
    }

    /// Sum of `count` floats, eight lanes at a time.
    @inline(__always)
    public static func sum(_ data: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V(repeating: 0)
        var i = 0
        while i + 8 <= count {
            acc += UnsafeRawPointer(data + i).loadUnaligned(as: V.self)
            i += 8
        }
        var total = acc.sum()
        while i < count { total += data[i]; i += 1 }
        return total
    }

    /// Σ (x − mean)² over `count` floats, eight lanes at a time (a scalar loop would add one term after another).
    @inline(__always)
    static func squaredDeviations(_ data: UnsafePointer<Float>, count: Int, from mean: Float) -> Float {
        var acc = V(repeating: 0), i = 0
        let center = V(repeating: mean)
        while i + 8 <= count {
            let d = UnsafeRawPointer(data + i).loadUnaligned(as: V.self) - center
            acc += d * d
            i += 8
        }
        var total = acc.sum()
        while i < count { let d = data[i] - mean; total += d * d; i += 1 }
        return total
    }

    /// Sum of absolute differences of two float arrays of length `count` (the Manhattan distance).
    @inline(__always)
    public static func l1Distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let difference = UnsafeRawPointer(a + i).loadUnaligned(as: V.self) - UnsafeRawPointer(b + i).loadUnaligned(as: V.self)
            acc += difference.replacing(with: -difference, where: difference .< 0)
            i += 8
        }
        var total = acc.sum()
        while i < count { total += abs(a[i] - b[i]); i += 1 }
        return total
    }

    /// Dot product of two float arrays of length `count`.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let va = UnsafeRawPointer(a + i).loadUnaligned(as: V.self)
            let vb = UnsafeRawPointer(b + i).loadUnaligned(as: V.self)
            acc.addProduct(va, vb)
            i += 8
        }
        var total = acc.sum()
        while i < count { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// Numerically stable softmax of one row in place: a pass for the maximum, one for exp and its sum, one to
    /// scale (eight lanes at a time; the sum adds in the same order as `sum`, so the result is the same as
    /// exp-then-sum in separate passes).
    public static func softmax(_ row: UnsafeMutablePointer<Float>, count: Int) {
        let shift = V(repeating: maximum(row, count: count))
        var sums = V(repeating: 0), i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(row + i)
            let e = exp(raw.loadUnaligned(as: V.self) - shift)
            raw.storeBytes(of: e, as: V.self)
            sums += e
            i += 8
        }
        var total = sums.sum()
        if i < count {
            var tail = V(repeating: 0)
            for j in 0..<(count - i) { tail[j] = row[i + j] }
            let e = exp(tail - shift)
            for j in 0..<(count - i) { row[i + j] = e[j]; total += e[j] }
        }
        scale(row, count: count, by: 1 / total)
    }

    /// The largest of `count` floats (−∞ for none).
    @inline(__always)
    public static func maximum(_ data: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = V(repeating: -.infinity), i = 0
        while i + 8 <= count {
            let x = UnsafeRawPointer(data + i).loadUnaligned(as: V.self)
            lanes = lanes.replacing(with: x, where: x .> lanes)
            i += 8
        }
        var largest = lanes.max()
        while i < count { largest = Swift.max(largest, data[i]); i += 1 }
        return largest
    }

    /// Multiplies `count` floats in place by a constant.
    @inline(__always)
    public static func scale(_ data: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
        let f = V(repeating: factor)
        mapInPlace(data, count: count) { $0 * f }
    }

    /// y += x, element-wise.
    @inline(__always)
    public static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(y + i)
            let sum = raw.loadUnaligned(as: V.self) + UnsafeRawPointer(x + i).loadUnaligned(as: V.self)
            raw.storeBytes(of: sum, as: V.self)
            i += 8
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// Adds a bias vector of length `columns` to each of `rows` rows (row-major, stride `columns`).
    public static func addBias(_ bias: UnsafePointer<Float>, to data: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows { add(bias, into: data + r * columns, count: columns) }
    }

    /// Each row ← GELU_erf(row + bias), one row at a time while it is in cache (BERT's intermediate layer).
    public static func addBiasGeluErf(_ bias: UnsafePointer<Float>, to data: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let row = data + r * columns
            add(bias, into: row, count: columns)
            geluErf(row, count: columns)
        }
    }

    /// Each row ← LayerNorm(row + the residual's row + bias), one row at a time while it is in cache (the end of each
    /// BERT sublayer).
    public static func addResidualLayerNorm(
        _ data: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>, bias: UnsafePointer<Float>, rows: Int, columns: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>?, eps: Float
    ) {
        for r in 0..<rows {
            let row = data + r * columns
            add(residual + r * columns, into: row, count: columns)
            add(bias, into: row, count: columns)
            layerNorm(row, rows: 1, columns: columns, gamma: gamma, beta: beta, eps: eps)
        }
    }

    /// LayerNorm over each row: (x - mean) / √(var + eps) · gamma + beta, in place (no beta: ModernBERT's bias-free norm).
    public static func layerNorm(
        _ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>?, eps: Float
    ) {
        for r in 0..<rows {
            let row = data + r * columns
            let mean = sum(row, count: columns) / Float(columns)
            let inv = 1 / (squaredDeviations(row, count: columns, from: mean) / Float(columns) + eps).squareRoot()
            if let beta {
                for i in 0..<columns { row[i] = (row[i] - mean) * inv * gamma[i] + beta[i] }
            } else {
                for i in 0..<columns { row[i] = (row[i] - mean) * inv * gamma[i] }
            }
        }
    }

    /// RMSNorm over each row, in place: x / √(mean(x²) + eps) · (offset + w), where Gemma's offset is 1 and
    /// Qwen3's (T5LayerNorm's) is 0.
    public static func rmsNorm(
        _ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int, weight: UnsafePointer<Float>, offset: Float, eps: Float
    ) {
        for r in 0..<rows {
            let row = data + r * columns
            let inverse = 1 / (dot(row, row, count: columns) / Float(columns) + eps).squareRoot()
            for i in 0..<columns { row[i] = row[i] * inverse * (offset + weight[i]) }
        }
    }

    /// x · σ(x) (SiLU) of the gate times up, in place over the gate: the SwiGLU of Qwen3 and NomicBERT.
    public static func siluGated(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        mapInPlace(gate, count: count) { x in x / (1 + exp(-x)) }
        multiply(gate, by: up, count: count)
    }

    /// gate ← gate · other, element-wise.
    @inline(__always)
    static func multiply(_ gate: UnsafeMutablePointer<Float>, by other: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(gate + i)
            raw.storeBytes(of: raw.loadUnaligned(as: V.self) * UnsafeRawPointer(other + i).loadUnaligned(as: V.self), as: V.self)
            i += 8
        }
        while i < count { gate[i] *= other[i]; i += 1 }
    }

    /// L2-normalises `count` floats in place (a zero vector stays zero).
    public static func l2Normalize(_ data: UnsafeMutablePointer<Float>, count: Int) {
        let norm = dot(data, data, count: count).squareRoot()
        if norm > 0 { scale(data, count: count, by: 1 / max(norm, 1e-12)) }
    }
}
