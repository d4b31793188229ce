import Foundation
import Kernels

/// MPNet's relative position bias: score(i, j) += table[bucket(j − i), head], the buckets of T5 as MPNetEncoder's
/// `relative_position_bucket` computes them (32 buckets, max distance 128, half for each direction; distances from 8
/// on share logarithmic buckets, computed in float32 as PyTorch does).
struct RelativePositionBias: AttentionBias {
    let table: FloatBuffer
    let heads: Int
    /// Bucket of each relative position from −span to +span (index: relative position + span).
    let buckets: [Int]
    let span: Int

    /// `span`: at least the longest sequence the model runs, less one (relative positions reach ±span).
    init(table: FloatBuffer, heads: Int, span: Int) {
        self.table = table
        self.heads = heads
        self.span = span
        buckets = (-span...span).map(Self.bucket(relativePosition:))
    }

    func write(head: Int, count: Int, into table: UnsafeMutablePointer<Float>) {
        precondition(count - 1 <= span, "relative positions of \(count) tokens exceed the bias's span \(span)")
        for distance in -(count - 1)...(count - 1) {
            table[distance + count - 1] = self.table.pointer[buckets[distance + span] * heads + head]
        }
    }

    /// The bucket of a key `relativePosition` tokens after the query (negative: before it).
    static func bucket(relativePosition: Int) -> Int {
        let half = Bert.Config.relativeBuckets / 2, maxExact = half / 2, maxDistance = 128
        let n = -relativePosition
        let direction = n < 0 ? half : 0
        let distance = abs(n)
        guard distance >= maxExact else { return direction + distance }
        let scaled = log(Float(distance) / Float(maxExact)) / Float(log(Double(maxDistance) / Double(maxExact))) * Float(half - maxExact)
        return direction + min(maxExact + Int(scaled), half - 1)
    }
}
