import Foundation
import Testing
@testable import Encoders
import Kernels

/// Parity with sentence-transformers on two tiny random-weight EmbeddingGemma-architecture models made by
/// `scripts/make_gemma_fixtures.py` (each folder holds the model and, under reference/, its outputs).
@Suite struct GemmaReferenceTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static let models = ["gemma-h64", "gemma-h48"]

    static func load(_ name: String) throws -> SentenceTransformer {
        try SentenceTransformer(location: .init(folder: fixtures.appendingPathComponent(name), name: "tiny/\(name)", revision: nil))
    }

    static func reference(_ name: String, _ file: String) -> URL {
        fixtures.appendingPathComponent(name).appendingPathComponent("reference").appendingPathComponent(file)
    }

    static func texts(_ name: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(contentsOf: reference(name, "texts.json")))
    }

    /// The worst cosine and largest absolute difference between our rows and the reference's.
    static func agreement(_ ours: EmbeddingMatrix, _ reference: [Float]) -> (cosine: Float, difference: Float) {
        var worstCosine: Float = 1, worstDifference: Float = 0
        for i in 0..<ours.rows {
            let a = ours.row(i), b = Array(reference[(i * ours.dimension)..<((i + 1) * ours.dimension)])
            func dot(_ u: [Float], _ v: [Float]) -> Float { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
            worstCosine = min(worstCosine, dot(a, b) / (dot(a, a).squareRoot() * dot(b, b).squareRoot()))
            worstDifference = max(worstDifference, zip(a, b).map { abs($0 - $1) }.max()!)
        }
        return (worstCosine, worstDifference)
    }

    @Test(arguments: models) func tokenIDsMatchTheHuggingFaceTokenizer(_ name: String) throws {
        let model = try Self.load(name)
        let expected = try JSONDecoder().decode([[Int32]].self, from: Data(contentsOf: Self.reference(name, "token_ids.json")))
        for (text, ids) in zip(try Self.texts(name), expected) {
            #expect(model.tokenize(text) == ids, "text \(text.debugDescription.prefix(60))")
        }
    }

    @Test(arguments: models) func embeddingsMatchSingleAndBatched(_ name: String) throws {
        let model = try Self.load(name)
        let texts = try Self.texts(name)
        let reference = try NPY.readFloat32(Self.reference(name, "embeddings.npy"))
        #expect(reference.shape == [texts.count, model.dimension])
        for batchSize in [1, 3, 16] {
            model.batchSize = batchSize
            let (cosine, difference) = Self.agreement(try model.embed(texts), reference.values)
            // The same bar as MiniLM's against sentence-transformers (README).
            print("bound \(name) batch \(batchSize) vs sentence-transformers: worst cosine \(cosine) (bound 0.99999), largest difference \(difference) (bound 1e-4)")
            #expect(cosine >= 0.99999, "batch \(batchSize): worst cosine \(cosine)")
            #expect(difference <= 1e-4, "batch \(batchSize): largest difference \(difference)")
        }
    }

    @Test(arguments: models) func promptedEmbeddingsMatch(_ name: String) throws {
        let model = try Self.load(name)
        let texts = try Self.texts(name)
        let reference = try NPY.readFloat32(Self.reference(name, "prompted.npy"))
        let (cosine, difference) = Self.agreement(try model.embed(texts, prompt: model.prompts["query"]!, progress: nil), reference.values)
        print("bound \(name) prompted vs sentence-transformers: worst cosine \(cosine) (bound 0.99999), largest difference \(difference) (bound 1e-4)")
        #expect(cosine >= 0.99999 && difference <= 1e-4, "cosine \(cosine), difference \(difference)")
    }

    @Test func slidingWindowAndLayerTypesFollowTransformers() throws {
        let json = """
        {"vocab_size": 8, "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 12, "num_attention_heads": 2,
         "num_key_value_heads": 1, "head_dim": 4, "query_pre_attn_scalar": 4, "max_position_embeddings": 16,
         "sliding_window": 512, "use_bidirectional_attention": true, "rope_theta": 1000000, "rope_local_base_freq": 10000}
        """
        let config = try JSONDecoder().decode(Gemma.Config.self, from: Data(json.utf8))
        // EmbeddingGemma's window of 512: a token sees 256 on either side (|i - j| < 512 // 2 + 1).
        #expect(config.slidingRadius == 256)
        // Without layer_types, every sixth layer is full.
        #expect(config.slidingLayers.enumerated().filter { !$0.element }.map(\.offset) == [5, 11])
        #expect(config.ropeBase.sliding == 10_000 && config.ropeBase.full == 1_000_000)
    }

    /// Loads `gemma-h48` after `edit` has changed its config.json, and returns the error message.
    func loadError(config edit: (inout [String: Any]) -> Void) throws -> String {
        try EditedFixture.loadError("gemma-h48", config: edit)
    }

    @Test func brokenConfigsAreRefusedByName() throws {
        #expect(try loadError { $0["num_key_value_heads"] = 3 }.contains("num_attention_heads 4 is not a multiple of num_key_value_heads 3"))
        #expect(try loadError { $0["num_hidden_layers"] = 5 }.contains("has no tensor 'layers.4.self_attn.q_proj.weight'"))
        #expect(try loadError { $0["intermediate_size"] = 81 }.contains("tensor 'layers.0.mlp.gate_proj.weight' has shape [80, 48], expected [81, 48]"))
        #expect(try loadError { $0["layer_types"] = ["full_attention"] }.contains("layer_types has 1 entries for num_hidden_layers 4"))
        #expect(try loadError { $0["use_bidirectional_attention"] = false }.contains("use_bidirectional_attention"))
        #expect(try loadError { $0["vocab_size"] = 100 }.contains("tensor 'embed_tokens.weight' has shape [641, 48], expected [100, 48]"))
        #expect(try loadError { $0.removeValue(forKey: "head_dim") }.contains("head_dim"))
    }
}
