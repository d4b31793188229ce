import Foundation
import Testing
@testable import Encoders

/// Parity with sentence-transformers on all-MiniLM-L6-v2: token ids and embeddings of ~200 texts made by
/// `scripts/make_bert_fixtures.py`. The model comes from the Hugging Face cache (`make model` puts it there).
@Suite(.serialized) struct MiniLMReferenceTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/minilm")

    static func loadModel() throws -> SentenceTransformer {
        do { return try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2") } catch {
            throw EncoderError("\(error)\nRun `make model` to put all-MiniLM-L6-v2 into the Hugging Face cache.")
        }
    }

    static func texts() throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(contentsOf: fixtures.appendingPathComponent("texts.json")))
    }

    @Test func tokenIDsAreIdentical() throws {
        let model = try Self.loadModel()
        let expected = try JSONDecoder().decode([[Int32]].self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("token_ids.json")))
        let texts = try Self.texts()
        #expect(texts.count == expected.count && texts.count >= 150)
        for (text, ids) in zip(texts, expected) {
            let ours = model.tokenize(text)
            #expect(ours == ids, "text \(text.debugDescription.prefix(80))")
        }
    }

    @Test func embeddingsMatchSentenceTransformers() throws {
        let model = try Self.loadModel()
        let texts = try Self.texts()
        let reference = try NPY.readFloat32(Self.fixtures.appendingPathComponent("embeddings.npy"))
        #expect(reference.shape == [texts.count, 384])
        let ours = try model.embed(texts)
        var worstCosine: Float = 1, worstDifference: Float = 0
        for i in 0..<texts.count {
            let a = ours.row(i), b = Array(reference.values[(i * 384)..<((i + 1) * 384)])
            func dot(_ u: [Float], _ v: [Float]) -> Float { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
            let cosine = dot(a, b) / (dot(a, a).squareRoot() * dot(b, b).squareRoot())
            worstCosine = min(worstCosine, cosine)
            worstDifference = max(worstDifference, zip(a, b).map { abs($0 - $1) }.max()!)
        }
        // The bar the encoder was built to (README: cosine ≥ 0.99999, difference ≤ 1e-4 against sentence-transformers on
        // PyTorch); the f32 products are OpenBLAS's, whose kernels differ per CPU, so the log shows each machine's margin.
        print("bound MiniLM vs sentence-transformers: worst cosine \(worstCosine) (bound 0.99999), largest difference \(worstDifference) (bound 1e-4)")
        #expect(worstCosine >= 0.99999)
        #expect(worstDifference <= 1e-4)
    }

    @Test func oneByOneAndMixedBatchesAgree() throws {
        let model = try Self.loadModel()
        let texts = Array(try Self.texts().prefix(60))
        model.batchSize = 7
        let batched = try model.embed(texts)
        var worst: Float = 0
        for (i, text) in texts.enumerated() {
            let single = try model.embed([text])
            let difference = zip(single.values, batched.row(i)).map { abs($0 - $1) }.max()!
            worst = max(worst, difference)
            // Padding changes the shapes OpenBLAS multiplies, and so the order of its sums: float rounding only.
            #expect(difference <= 1e-5, "text \(i): largest difference \(difference)")
        }
        print("bound MiniLM one by one vs batches of 7: largest difference \(worst) (bound 1e-5)")
    }
}

/// Reads little-endian float32 `.npy` files (the reference embeddings).
enum NPY {
    static func readFloat32(_ url: URL) throws -> (shape: [Int], values: [Float]) {
        let data = try Data(contentsOf: url)
        guard data.count > 10, data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)) else { throw EncoderError("\(url.path) is not an .npy file") }
        let major = data[6]
        let headerLength = major == 1 ? Int(data[8]) | Int(data[9]) << 8 : Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24
        let start = major == 1 ? 10 : 12
        let header = String(decoding: data[start..<(start + headerLength)], as: UTF8.self)
        guard header.contains("'<f4'"), header.contains("'fortran_order': False") else { throw EncoderError("\(url.path): expected C-order <f4, got \(header)") }
        let shapeText = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = data[(start + headerLength)...]
        let values = body.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return (shape, values)
    }
}
