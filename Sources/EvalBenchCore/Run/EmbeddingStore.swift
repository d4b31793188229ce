import Encoders
import Foundation
import Kernels

/// Every (prompt, text) embedded during a run, at the model's full dimension: a text needed by
/// several tasks, dimensions or precisions is encoded once.
public final class EmbeddingStore {
    let encoder: Encoder
    var rows: [String: [String: Int]] = [:]
    var values: [Float] = []
    /// Texts actually sent to the encoder, and wall time spent encoding.
    public private(set) var encodedCount = 0
    public private(set) var encodingSeconds = 0.0

    public init(encoder: Encoder) { self.encoder = encoder }

    /// The embeddings of `texts` with `prompt`, encoding those not seen before.
    public func embeddings(_ texts: [String], prompt: String?, label: String) throws -> EmbeddingMatrix {
        let key = prompt ?? ""
        var known = rows[key, default: [:]]
        var missing: [String] = []
        var pending = Set<String>()
        for text in texts where known[text] == nil && pending.insert(text).inserted { missing.append(text) }
        if !missing.isEmpty {
            let progress = ProgressReporter("encoding \(label)", total: missing.count)
            let start = Date()
            let fresh = try encoder.embed(missing, prompt: prompt, progress: progress.update)
            encodingSeconds += Date().timeIntervalSince(start)
            encodedCount += missing.count
            let first = values.count / encoder.dimension
            values.append(contentsOf: fresh.values)
            for (i, text) in missing.enumerated() { known[text] = first + i }
            rows[key] = known
        }
        let d = encoder.dimension
        var out = [Float](repeating: 0, count: texts.count * d)
        for (i, text) in texts.enumerated() {
            let row = known[text]!
            out.replaceSubrange((i * d)..<((i + 1) * d), with: values[(row * d)..<((row + 1) * d)])
        }
        return EmbeddingMatrix(rows: texts.count, dimension: d, values: out)
    }
}
