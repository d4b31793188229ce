/// The parts of a Hugging Face tokenizer.json that a BPE tokenizer reads. Its `truncation` and `padding` lengths are
/// ignored: the caller passes the length (sentence-transformers passes max_length).
struct BPETokenizerFile: Decodable {
    struct Model: Decodable {
        var type: String?
        /// Ids as JSON numbers of any size, so that an id out of range is reported as such.
        var vocab: [String: Double]?
        var merges: [Merge]?
        var dropout: Double?
        var unk_token: String?
        var continuing_subword_prefix: String?
        var end_of_word_suffix: String?
        var fuse_unk: Bool?
        var byte_fallback: Bool?
        var ignore_merges: Bool?
    }

    /// One merge, written `"a b"` (older files) or `["a", "b"]`.
    struct Merge: Decodable {
        var left: String
        var right: String

        init(from decoder: Decoder) throws {
            if let line = try? decoder.singleValueContainer().decode(String.self) {
                let parts = line.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw UnsupportedField(decoder, nil, "'\(line)' is not two tokens separated by one space") }
                (left, right) = (String(Substring(parts[0])), String(Substring(parts[1])))
            } else {
                var pair = try decoder.unkeyedContainer()
                guard pair.count == 2 else { throw UnsupportedField(decoder, nil, "is not a pair of tokens") }
                (left, right) = (try pair.decode(String.self), try pair.decode(String.self))
            }
        }
    }

    var model: Model
    var normalizer: TextNormalizer?
    var pre_tokenizer: PreTokenizer?
    var post_processor: PostProcessor?
    var added_tokens: [AddedToken]?
    var padding: TokenizerFile.Padding?
}

extension BPEModel {
    /// The model of `file`, refused with the field at fault when tokenizers would refuse it or evalbench cannot honour it.
    convenience init(_ model: BPETokenizerFile.Model, path: String) throws {
        guard model.type == "BPE" else {
            throw TokenizerError("\(path): model.type is \(model.type.map { "'\($0)'" } ?? "missing"); this tokenizer reads 'BPE' models")
        }
        guard let vocabulary = model.vocab else { throw TokenizerError("\(path): model.vocab is missing") }
        guard let mergeList = model.merges else { throw TokenizerError("\(path): model.merges is missing") }
        if let dropout = model.dropout, dropout != 0 {
            throw TokenizerError("\(path): model.dropout is \(dropout); only null or 0 is supported, as dropout makes tokenization random")
        }
        for (field, value) in [("continuing_subword_prefix", model.continuing_subword_prefix), ("end_of_word_suffix", model.end_of_word_suffix)] {
            if let value, !value.isEmpty { throw TokenizerError("\(path): model.\(field) '\(value)' is not supported (only null or empty)") }
        }
        var vocab: [ExactString: Int32] = [:]
        var tokenOfID = [String?](repeating: nil, count: vocabulary.count)
        for (token, number) in vocabulary.sorted(by: { $0.value < $1.value }) {
            guard let id = Int32(exactly: number), id >= 0, Int(id) < vocabulary.count else {
                let shown = Int64(exactly: number).map(String.init) ?? "\(number)"
                throw TokenizerError("\(path): model.vocab gives '\(token)' the id \(shown), outside 0..<\(vocabulary.count): ids must number the "
                                     + "tokens from 0 without gaps (tokens differing only in Unicode normalization form, which JSON decoding merges, break this too)")
            }
            if let other = tokenOfID[Int(id)] { throw TokenizerError("\(path): model.vocab gives the id \(id) to both '\(other)' and '\(token)'") }
            tokenOfID[Int(id)] = token
            vocab[ExactString(token)] = id
        }
        var unknownID: Int32?
        if let unknown = model.unk_token {
            guard let id = vocab[ExactString(unknown)] else { throw TokenizerError("\(path): model.unk_token '\(unknown)' is not in model.vocab") }
            unknownID = id
        }
        var merges: [UInt64: (rank: Int32, id: Int32)] = [:]
        merges.reserveCapacity(mergeList.count)
        for (rank, merge) in mergeList.enumerated() {
            func id(_ token: String) throws -> Int32 {
                guard let id = vocab[ExactString(token)] else {
                    throw TokenizerError("\(path): model.merges[\(rank)] ('\(merge.left)' '\(merge.right)') needs '\(token)', which is not in model.vocab")
                }
                return id
            }
            let (left, right, merged) = (try id(merge.left), try id(merge.right), try id(merge.left + merge.right))
            // A later duplicate replaces an earlier one, as in tokenizers' merge map.
            merges[UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))] = (Int32(truncatingIfNeeded: rank), merged)
        }
        self.init(vocab: vocab, merges: merges, unknownID: unknownID, fuseUnknown: model.fuse_unk ?? false,
                  byteFallback: model.byte_fallback ?? false, ignoreMerges: model.ignore_merges ?? false)
    }
}
