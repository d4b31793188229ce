import Kernels

/// A transformer that turns a batch of token-id sequences into contextual token embeddings
/// (BERT, Gemma 3). The sentence-transformers modules after it (pooling, dense, normalize) are shared.
protocol Backbone: AnyObject {
    /// Width of each token embedding.
    var hiddenSize: Int { get }
    /// Longest sequence the model's position scheme accepts.
    var maxPositions: Int { get }
    /// Rows of the token-embedding table: every token id must be below it.
    var vocabularySize: Int { get }
    /// Bytes of parameters held in memory (quantized weights at their packed size).
    var weightBytes: Int { get }
    /// Where the forward passes' time went so far.
    var timer: PhaseTimer { get set }
    /// Runs the batch and returns its token embeddings: `batch.count × paddedLength` rows of
    /// `hiddenSize` floats, row `b · paddedLength + t` for token t of sequence b. The storage belongs to
    /// the backbone and is valid until the next call.
    func forward(_ batch: [[Int32]], threads: Int) -> (tokens: UnsafePointer<Float>, paddedLength: Int)
}
