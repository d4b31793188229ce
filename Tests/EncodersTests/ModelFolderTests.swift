import Foundation
import Testing
@testable import Encoders

@Suite struct ModelFolderTests {
    func loadError(_ folder: TinyBertFolder) throws -> String? {
        let url = try folder.write()
        return errorMessage { _ = try SentenceTransformer(url.path) }?.replacingOccurrences(of: url.path, with: "MODEL")
    }

    @Test func aValidTinyModelLoadsAndEmbeds() throws {
        let encoder = try SentenceTransformer(TinyBertFolder().write().path)
        #expect(encoder.dimension == 8 && encoder.maxTokens == 16)
        let m = try encoder.embed(["hello world", "worlds", ""])
        #expect(m.rows == 3)
        for r in 0..<3 { #expect(abs(m.row(r).map { $0 * $0 }.reduce(0, +) - 1) < 1e-5) }
        #expect(encoder.tokenize("hello worlds.") == [2, 5, 6, 7, 8, 3])
    }

    /// With include_prompt false, pooling leaves the prompt's tokens out; an empty prompt is no prompt (as in
    /// sentence-transformers), so it leaves out nothing, not the [CLS] token.
    @Test func anEmptyPromptIsNoPrompt() throws {
        var folder = TinyBertFolder()
        folder.pooling["include_prompt"] = false
        let encoder = try SentenceTransformer(folder.write().path)
        let texts = ["hello world", "worlds."]
        #expect(try encoder.embed(texts, prompt: "", progress: nil).values == encoder.embed(texts, prompt: nil, progress: nil).values)
        #expect(try encoder.embed(texts, prompt: "hello ", progress: nil).values != encoder.embed(texts, prompt: nil, progress: nil).values)
    }

    @Test func tensorNamesWithTheBertPrefixGiveTheSameModel() throws {
        var prefixed = TinyBertFolder()
        prefixed.tensorPrefix = "bert."
        let a = try SentenceTransformer(TinyBertFolder().write().path).embed(["hello world"])
        let b = try SentenceTransformer(prefixed.write().path).embed(["hello world"])
        #expect(a.values == b.values)
    }

    @Test func headCountThatDoesNotDivideHidden() throws {
        var folder = TinyBertFolder()
        folder.heads = 3
        #expect(try loadError(folder) == "MODEL/config.json: hidden_size 8 is not divisible by num_attention_heads 3")
    }

    @Test func missingConfigField() throws {
        var folder = TinyBertFolder()
        folder.configOverrides["hidden_size"] = "eight"
        #expect(try loadError(folder) == "MODEL/config.json: field 'hidden_size' is not a Int")
    }

    @Test func missingTensorIsNamed() throws {
        var folder = TinyBertFolder()
        folder.omittedTensors = ["encoder.layer.0.attention.self.key.weight"]
        #expect(try loadError(folder) == "model.safetensors has no tensor 'encoder.layer.0.attention.self.key.weight'")
    }

    @Test func tensorShapeMismatchIsNamed() throws {
        var folder = TinyBertFolder()
        folder.shapeOverrides = ["encoder.layer.0.intermediate.dense.weight": [8, 16]]
        #expect(try loadError(folder) == "model.safetensors: tensor 'encoder.layer.0.intermediate.dense.weight' has shape [8, 16], expected [16, 8]")
    }

    @Test func unsupportedModuleIsNamed() throws {
        var folder = TinyBertFolder()
        folder.modules.append(("sentence_transformers.models.LSTM", "3_LSTM"))
        #expect(try loadError(folder) == "MODEL/modules.json: module 'sentence_transformers.models.LSTM' is not supported (Transformer, Pooling, Dense and Normalize are)")
    }

    @Test func poolingWithoutAMode() throws {
        var folder = TinyBertFolder()
        folder.pooling = ["word_embedding_dimension": 8]
        #expect(try loadError(folder) == "MODEL/1_Pooling/config.json: no pooling mode is enabled")
    }

    @Test func newerPoolingModeKeyAndDenseHead() throws {
        var folder = TinyBertFolder()
        folder.pooling = ["pooling_mode": "cls"]
        folder.modules = [("sentence_transformers.base.modules.Transformer", ""), ("sentence_transformers.Pooling", "1_Pooling"),
                          ("sentence_transformers.models.Dense", "2_Dense")]
        folder.dense = (8, 5)
        let encoder = try SentenceTransformer(folder.write().path)
        #expect(encoder.dimension == 5)
        #expect(try encoder.embed(["hello"]).values.allSatisfy { abs($0) < 1 })
    }

    @Test func denseWhoseInputDoesNotMatch() throws {
        var folder = TinyBertFolder()
        folder.modules = [("sentence_transformers.models.Transformer", ""), ("sentence_transformers.models.Pooling", "1_Pooling"),
                          ("sentence_transformers.models.Dense", "2_Dense")]
        folder.dense = (16, 4)
        #expect(try loadError(folder) == "MODEL/2_Dense/config.json: in_features is 16 but the previous module outputs 8")
    }

    @Test func batchedAndSingleAgree() throws {
        let encoder = try SentenceTransformer(TinyBertFolder().write().path)
        let texts = ["hello", "hello world worlds . hello", "world .", "", "hello hello hello"]
        encoder.batchSize = 3
        let batched = try encoder.embed(texts)
        var worst: Float = 0
        for (i, text) in texts.enumerated() {
            let single = try encoder.embed([text])
            // Padding changes the shapes OpenBLAS multiplies, and so the order of its sums: float rounding only.
            for (a, b) in zip(single.values, batched.row(i)) { worst = max(worst, abs(a - b)) }
        }
        print("bound tiny BERT one by one vs batches of 3: largest difference \(worst) (bound 1e-6)")
        #expect(worst < 1e-6)
    }
}
