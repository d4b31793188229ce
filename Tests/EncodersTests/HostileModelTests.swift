import Foundation
import Testing
@testable import Encoders
@testable import Tokenizers

/// Model folders a hostile user could hand evalbench (../shared/fuzz-findings 01–04, 06, 08, 09): each is a clear
/// error naming the file and what was wrong, before anything reads out of bounds or allocates from a bad number,
/// never a crash or a matrix of garbage.
@Suite struct HostileModelTests {
    func loadError(_ folder: TinyBertFolder) throws -> String? { try ModelFolderTests().loadError(folder) }

    /// 01: a token id past the embedding table (the tokenizer's vocabulary is larger than config.json's vocab_size).
    @Test func tokenIDsPastTheEmbeddingTable() throws {
        var folder = TinyBertFolder()
        folder.configOverrides["vocab_size"] = 5
        folder.shapeOverrides["embeddings.word_embeddings.weight"] = [5, 8]
        #expect(try loadError(folder)?.contains("the tokenizer produces token id 8, but the embedding table has 5 rows") == true)
        // The reproducer's boundary: the largest id equal to the row count reads one row past the end.
        folder.configOverrides["vocab_size"] = 8
        folder.shapeOverrides["embeddings.word_embeddings.weight"] = [8, 8]
        #expect(try loadError(folder)?.contains("the tokenizer produces token id 8, but the embedding table has 8 rows") == true)
    }

    /// Weights that make every text one embedding, or an embedding of no length: no score can come of them.
    @Test func degenerateEmbeddingsAreRefused() throws {
        var same = TinyBertFolder()
        same.modules = [("sentence_transformers.models.Transformer", ""), ("sentence_transformers.models.Pooling", "1_Pooling"),
                        ("sentence_transformers.models.Dense", "2_Dense")]
        same.dense = (8, 4)
        same.filledTensors = ["linear.weight": 0]
        let encoder = try SentenceTransformer(same.write().path)
        let message = errorMessage { _ = try encoder.embed(["hello world", "world", "hello"]) }
        #expect(message?.contains("the model gave 3 texts of different tokens the same embedding") == true, "\(message ?? "no error")")
        #expect(try encoder.embed(["hello"]).rows == 1, "one text alone cannot be told from a working model")
        same.filledTensors["linear.bias"] = 0
        let zero = try SentenceTransformer(same.write().path)
        let empty = errorMessage { _ = try zero.embed(["hello"]) }
        #expect(empty?.contains("an embedding that has no length (all zeros, or too small for float32)") == true, "\(empty ?? "no error")")
    }

    /// config.json values transformers refuses: no model_type, a pad_token_id outside the embedding table.
    @Test func configValuesTransformersRefuses() throws {
        var untyped = TinyBertFolder()
        untyped.configOverrides["model_type"] = NSNull()
        #expect(try loadError(untyped)?.contains("names no model_type: transformers needs it to choose the architecture") == true)
        var pad = TinyBertFolder()
        pad.configOverrides["pad_token_id"] = 2_147_483_648
        #expect(try loadError(pad)?.contains("pad_token_id 2147483648 is not a row of the 9-token embedding table") == true)
    }

    /// 02: a template that fills the position table, and a length limit that leaves no room for text.
    @Test func templateOrLengthLimitWithNoRoomForText() throws {
        var positions = TinyBertFolder()
        positions.positions = 2
        #expect(try loadError(positions)?.contains("adds 2 tokens to every text, leaving none of the model's 2 positions") == true)
        for limit in [0, 1, 2] {
            var folder = TinyBertFolder()
            folder.maxSeqLength = limit
            #expect(try loadError(folder)?.contains("leaves no room for text after the 2 template tokens; it must be at least 3") == true, "\(limit)")
        }
        var three = TinyBertFolder()
        three.maxSeqLength = 3
        #expect(try SentenceTransformer(three.write().path).tokenize("hello world") == [2, 5, 3])
    }

    /// 03: a NaN weight, or a negative layer_norm_eps, never becomes an embedding.
    @Test func nonFiniteWeightsAndEpsilons() throws {
        var folder = TinyBertFolder()
        folder.filledTensors = ["embeddings.LayerNorm.bias": .nan]
        let encoder = try SentenceTransformer(folder.write().path)
        let message = errorMessage { _ = try encoder.embed(["hello world"]) }
        #expect(message?.contains("an embedding that holds NaN or infinity") == true, "\(message ?? "no error")")
        for value in [-1, 1e38] {
            var eps = TinyBertFolder()
            eps.configOverrides["layer_norm_eps"] = value
            #expect(try loadError(eps) == "MODEL/config.json: layer_norm_eps must be a small positive number (at most 0.1), got \(Float(value))")
        }
        var traversal = TinyBertFolder()
        traversal.modules[1].path = "../elsewhere"
        #expect(try loadError(traversal) == "MODEL/modules.json: module path '../elsewhere' must name a folder inside the model folder")
    }

    /// 04: sizes no model has are refused before anything is allocated from them.
    @Test func hugeConfigValues() throws {
        var folder = TinyBertFolder()
        folder.configOverrides["num_hidden_layers"] = 2_147_483_648
        #expect(try loadError(folder) == "MODEL/config.json: num_hidden_layers 2147483648 is larger than any model evalbench can run (at most 1024)")
        var wide = TinyBertFolder()
        wide.configOverrides["intermediate_size"] = Int.max
        #expect(try loadError(wide)?.contains("intermediate_size \(Int.max) is larger than any model") == true)
    }

    /// 08: a shape whose byte size wraps around 64 bits does not pass as a small tensor.
    @Test func shapeWhoseByteSizeOverflows() throws {
        let url = try makeSafeTensors(header: #"{"x":{"dtype":"F32","shape":[4611686018427387906,4],"data_offsets":[0,32]}}"#,
                                      payload: [UInt8](repeating: 0, count: 32))
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) }
            == "weights.safetensors: tensor 'x' has shape [4611686018427387906, 4], whose byte size does not fit in 64 bits")
        let huge = try makeSafeTensors(header: #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, payload: [0, 0, 0, 0],
                                       headerLength: UInt64.max)
        #expect(errorMessage { _ = try SafeTensorsFile(url: huge) }?.contains("its header claims 18446744073709551615 bytes") == true)
    }

    /// 09: a Dense layer with no outputs.
    @Test func denseLayerWithNoOutputs() throws {
        var folder = TinyBertFolder()
        folder.dense = (inFeatures: 8, outFeatures: 0)
        folder.modules.insert(("sentence_transformers.models.Dense", "2_Dense"), at: 2)
        #expect(try loadError(folder) == "MODEL/2_Dense/config.json: in_features and out_features must be positive, got 8 and 0")
    }

    /// 06: a megabyte of added tokens is one linear pass (it rescanned the text for every token at every match), and the
    /// split keeps its meaning: earliest occurrence first, the longest token at a position.
    @Test func addedTokensInOneLinearPass() throws {
        let tokenizer = try WordPieceTokenizer(
            vocab: ["[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[SEP]x": 4, "a": 5], normalizer: BertNormalizer(), unknownToken: "[UNK]",
            prefixIDs: [2], suffixIDs: [3], addedTokens: [("[SEP]", 3), ("[SEP]x", 4), ("[UNK]", 1)], paddingID: 0)
        let long = String(repeating: "[SEP]", count: 200_000)
        #expect(tokenizer.encode(long, maxLength: 8) == [2, 3, 3, 3, 3, 3, 3, 3])
        #expect(tokenizer.encode("a[SEP]xa[UNK][SEP]", maxLength: 16) == [2, 5, 4, 5, 1, 3, 3])
        #expect(tokenizer.encode("é[SEP]é", maxLength: 16).count == 5)
    }
}
