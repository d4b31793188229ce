/// Turns text into model token ids, with the model's special-token template and truncation applied.
public protocol Tokenizer: Sendable {
    /// Token ids of `text`, including template tokens, truncated to at most `maxLength` ids in total.
    func encode(_ text: String, maxLength: Int) -> [Int32]
    /// The id used to pad batches.
    var paddingID: Int32 { get }
    /// The largest id `encode` can return, so a model can check that its embedding table has a row for each.
    var largestID: Int32 { get }
    /// Template tokens `encode` adds around every text (`[CLS]` and `[SEP]`: 2).
    var templateLength: Int { get }
}

/// Why a tokenizer could not be loaded; each case names the file and what was wrong.
public struct TokenizerError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
