import Dispatch
import Encoders
import Foundation
import Kernels

/// The served encoder behind a serial queue: one batch at a time (the encoder spreads each batch over its
/// own threads), off Swift concurrency's cooperative threads so a long batch never stalls the server.
final class EncoderQueue: @unchecked Sendable {
    let encoder: Encoder
    private let queue = DispatchQueue(label: "evalbench.serve.encoder")

    init(_ encoder: Encoder) { self.encoder = encoder }

    func embed(_ texts: [String], prompt: String?) async throws -> EmbeddingMatrix {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [encoder] in continuation.resume(with: Result { try encoder.embed(texts, prompt: prompt) }) }
        }
    }
}
