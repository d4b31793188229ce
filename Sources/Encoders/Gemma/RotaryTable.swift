import Foundation

extension Gemma {
    /// cos and sin of the rotary embedding for each position, in float32 as Gemma3RotaryEmbedding computes
    /// them: inv_freq = 1 / base^(2i/d), angle = position · inv_freq; applied by rotate-half
    /// (`apply_rotary_pos_emb`).
    struct RotaryTable {
        let half: Int
        let inverseFrequencies: [Float]
        private(set) var cosines: [Float] = []
        private(set) var sines: [Float] = []

        init(base: Double, dimension: Int) {
            half = dimension / 2
            inverseFrequencies = (0..<half).map { 1 / pow(Float(base), Float(2 * $0) / Float(dimension)) }
        }

        /// Makes sure positions 0..<count are in the table.
        mutating func extend(to count: Int) {
            var position = cosines.count / max(half, 1)
            while position < count {
                for frequency in inverseFrequencies {
                    let angle = Float(position) * frequency
                    cosines.append(cos(angle))
                    sines.append(sin(angle))
                }
                position += 1
            }
        }

        /// q·cos + rotate_half(q)·sin for one head vector at `position`.
        func rotate(_ vector: UnsafeMutablePointer<Float>, position: Int) {
            let offset = position * half
            for i in 0..<half {
                let a = vector[i], b = vector[i + half], c = cosines[offset + i], s = sines[offset + i]
                vector[i] = a * c - b * s
                vector[i + half] = b * c + a * s
            }
        }
    }
}
