import Foundation
import Testing
@testable import Encoders
import Kernels

/// Parity with sentence-transformers 6.2 on tiny random-weight models of each architecture beyond BERT and Gemma,
/// and of the BERT variants (BGE's CLS pooling, E5's prompts, GTE's mean pooling without normalisation), made by
/// `scripts/make_architecture_fixtures.py`: ids identical, embeddings within cosine 0.99999, one by one and batched,
/// with and without a prompt; each architecture also runs with q8 and q4 weights.
@Suite struct ArchitectureReferenceTests {
    static let models = ["qwen3", "xlm-roberta", "roberta", "mpnet", "modernbert", "nomic-bert", "bge", "e5", "gte"]

    static func folder(_ name: String) -> URL { GemmaReferenceTests.fixtures.appendingPathComponent(name) }

    static func load(_ name: String, variant: WeightsVariant = .f32) throws -> SentenceTransformer {
        try SentenceTransformer(location: .init(folder: folder(name), name: "tiny/\(name)", revision: nil), variant: variant)
    }

    static func reference<T: Decodable>(_ name: String, _ file: String, as type: T.Type) throws -> T? {
        let url = GemmaReferenceTests.reference(name, file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    /// The "query" prompt of the model, if it has one.
    static func prompt(_ model: SentenceTransformer) -> String? { model.prompts["query"] }

    @Test(arguments: models) func tokenIDsMatchTheHuggingFaceTokenizer(_ name: String) throws {
        let model = try Self.load(name)
        let texts = try GemmaReferenceTests.texts(name)
        let expected = try #require(try Self.reference(name, "token_ids.json", as: [[Int32]].self))
        for (text, ids) in zip(texts, expected) {
            #expect(model.tokenize(text) == ids, "\(name): text \(text.debugDescription.prefix(60))")
        }
        guard let prompt = Self.prompt(model), let prompted = try Self.reference(name, "prompted_token_ids.json", as: [[Int32]].self) else { return }
        for (text, ids) in zip(texts, prompted) {
            #expect(model.tokenize(text, prompt: prompt) == ids, "\(name) prompted: text \(text.debugDescription.prefix(60))")
        }
    }

    @Test(arguments: models) func embeddingsMatchOneByOneAndBatched(_ name: String) throws {
        let model = try Self.load(name)
        let texts = try GemmaReferenceTests.texts(name)
        let reference = try NPY.readFloat32(GemmaReferenceTests.reference(name, "embeddings.npy"))
        #expect(reference.shape == [texts.count, model.dimension])
        for batchSize in [1, 3, 16] {
            model.batchSize = batchSize
            let (cosine, difference) = GemmaReferenceTests.agreement(try model.embed(texts), reference.values)
            print("bound \(name) batch \(batchSize) vs sentence-transformers: worst cosine \(cosine) (bound 0.99999), largest difference \(difference)")
            #expect(cosine >= 0.99999, "\(name) batch \(batchSize): worst cosine \(cosine)")
        }
    }

    @Test(arguments: models) func promptedEmbeddingsMatch(_ name: String) throws {
        let model = try Self.load(name)
        let url = GemmaReferenceTests.reference(name, "prompted.npy")
        guard let prompt = Self.prompt(model), FileManager.default.fileExists(atPath: url.path) else { return }
        model.batchSize = 4
        let (cosine, difference) = GemmaReferenceTests.agreement(
            try model.embed(try GemmaReferenceTests.texts(name), prompt: prompt, progress: nil), try NPY.readFloat32(url).values)
        print("bound \(name) prompted vs sentence-transformers: worst cosine \(cosine) (bound 0.99999), largest difference \(difference)")
        #expect(cosine >= 0.99999, "\(name) prompted: worst cosine \(cosine)")
    }

    /// q8 and q4 run on every architecture (a test of the code paths: random weights are far from a trained model's, so
    /// the bounds are loose). Worst cosines measured on a Zen 4: q8 0.9949 (qwen3) and above; q4 0.83 (qwen3) to 0.99,
    /// except NomicBERT's 0.54 (mean 0.86), whose random post-norm SwiGLU layers amplify 4-bit rounding most. The integer
    /// kernels give the same sums on every CPU, so the margins only cover float32 summation order.
    @Test(arguments: models, [(WeightFormat.q8, Float(0.98)), (.q4, 0.70)])
    func runsQuantized(_ name: String, _ setting: (WeightFormat, Float)) throws {
        let format = setting.0, bound = name == "nomic-bert" && format == .q4 ? 0.45 : setting.1
        let texts = try GemmaReferenceTests.texts(name)
        let f32 = try Self.load(name).embed(texts)
        for embeddings in [false, true] {
            let model = try Self.load(name, variant: WeightsVariant(format, quantizeEmbeddings: embeddings))
            model.batchSize = 3
            let (worst, mean) = QuantizedWeightsTests.cosines(try model.embed(texts), f32)
            print("\(name) \(model.identity.weights): worst cosine \(worst), mean \(mean) (bound \(bound))")
            #expect(worst >= bound, "\(name) \(model.identity.weights): worst cosine \(worst)")
        }
    }
}

/// The configuration rules each architecture takes from transformers, checked one by one.
@Suite struct ArchitectureConfigTests {
    @Test func mpnetBucketsAreTransformers() throws {
        struct Buckets: Decodable { var first_distance: Int; var buckets: [Int] }
        let reference = try #require(try ArchitectureReferenceTests.reference("mpnet", "relative_buckets.json", as: Buckets.self))
        for (offset, bucket) in reference.buckets.enumerated() {
            let distance = reference.first_distance + offset
            #expect(RelativePositionBias.bucket(relativePosition: distance) == bucket, "distance \(distance)")
        }
    }

    @Test func modernBertLayersAndWindowFollowTransformers() throws {
        let json = """
        {"vocab_size": 8, "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 7, "num_attention_heads": 2,
         "max_position_embeddings": 16, "local_attention": 128, "global_attn_every_n_layers": 3,
         "global_rope_theta": 160000, "local_rope_theta": 10000}
        """
        let config = try JSONDecoder().decode(ModernBert.Config.self, from: Data(json.utf8))
        // Layers 0, 3 and 6 are global; a local layer sees |i - j| <= local_attention / 2 (masking_utils.py).
        #expect(config.slidingLayers.enumerated().filter { !$0.element }.map(\.offset) == [0, 3, 6])
        #expect(config.slidingRadius == 64)
        #expect(config.ropeBase.full == 160_000 && config.ropeBase.sliding == 10_000)
        #expect(AttentionMask.window(radius: 64).keys(of: 100, count: 300) == 36..<165)
        #expect(AttentionMask.causal.keys(of: 5, count: 10) == 0..<6)
    }

    func loadError(_ name: String, config edit: (inout [String: Any]) -> Void) throws -> String {
        try EditedFixture.loadError(name, config: edit)
    }

    @Test func unsupportedSettingsAreRefusedByName() throws {
        #expect(try loadError("qwen3") { $0["model_type"] = "llama" }.contains("model_type 'llama' is not supported (bert, xlm-roberta"))
        #expect(try loadError("qwen3") { $0["use_sliding_window"] = true }.contains("sliding-window layers are not supported for Qwen3"))
        #expect(try loadError("qwen3") { $0["num_key_value_heads"] = 3 }.contains("num_attention_heads 4 is not a multiple of num_key_value_heads 3"))
        #expect(try loadError("qwen3") { $0["hidden_act"] = "gelu" }.contains("hidden_act 'gelu' is not supported (Qwen3 uses 'silu')"))
        #expect(try loadError("modernbert") { $0["hidden_activation"] = "silu" }.contains("hidden_activation 'silu' is not supported"))
        #expect(try loadError("modernbert") { $0["num_hidden_layers"] = 5 }.contains("has no tensor 'layers.4.attn_norm.weight'"))
        #expect(try loadError("nomic-bert") { $0["rotary_emb_interleaved"] = true }.contains("rotary_emb_interleaved true is not supported"))
        #expect(try loadError("mpnet") { $0["relative_attention_num_buckets"] = 16 }.contains("below the 32 buckets MPNet's attention reads"))
        #expect(try loadError("xlm-roberta") { $0["max_position_embeddings"] = 2 }.contains("leaves no position for text"))
    }
}
