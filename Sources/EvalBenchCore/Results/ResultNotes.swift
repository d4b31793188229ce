/// What an evaluation records about how its number was made, beside the scores: the quantisation rule and its
/// calibration source, the protocol, binary rescoring, the seed.
public struct ResultNotes: Codable, Equatable, Sendable {
    /// How stored vectors were quantised (int8, binary).
    public struct Quantization: Codable, Equatable, Sendable {
        public var rule: String
        /// What int8 ranges were fitted on.
        public var calibration_source: String?
    }

    public var quantization: Quantization?
    public var `protocol`: String?
    /// Binary retrieval's rescoring, `none` without it.
    public var rescore: String?
    public var seed: UInt64?

    public init() {}
}
