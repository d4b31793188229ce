import Foundation
import Kernels
import Testing
@testable import Encoders

/// Quantized weights end to end: embeddings of the quantized models against the f32 model's (which the
/// reference tests tie to sentence-transformers), per text.
@Suite(.serialized) struct QuantizedWeightsTests {
    /// Per-text cosine between two embedding matrices: (worst, mean).
    static func cosines(_ a: EmbeddingMatrix, _ b: EmbeddingMatrix) -> (worst: Float, mean: Float) {
        var worst: Float = 1, total: Float = 0
        for i in 0..<a.rows {
            let u = a.row(i), v = b.row(i)
            func dot(_ x: [Float], _ y: [Float]) -> Float { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
            let cosine = dot(u, v) / (dot(u, u).squareRoot() * dot(v, v).squareRoot())
            worst = min(worst, cosine)
            total += cosine
        }
        return (worst, total / Float(a.rows))
    }

    /// all-MiniLM-L6-v2 on the 234 reference texts. q8 must keep every text at cosine ≥ 0.995 and the mean
    /// ≥ 0.999 (the bar); int8-channel and q4 carry the bounds measured when they were written,
    /// with a margin, so that a kernel change that degrades them fails here.
    @Test(arguments: [(WeightFormat.q8, Float(0.995), Float(0.999)), (.int8Channel, 0.985, 0.997), (.q4, 0.85, 0.95)])
    func miniLMStaysCloseToF32(_ format: WeightFormat, worstBound: Float, meanBound: Float) throws {
        let texts = try MiniLMReferenceTests.texts()
        let f32 = try MiniLMReferenceTests.loadModel().embed(texts)
        let quantized = try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", variant: WeightsVariant(format))
        #expect(quantized.identity.weights == format.rawValue && quantized.identity.quantized == ["linear layers"])
        let (worst, mean) = Self.cosines(try quantized.embed(texts), f32)
        print("MiniLM \(format.rawValue): worst cosine \(worst), mean \(mean)")
        #expect(worst >= worstBound, "\(format.rawValue): worst cosine \(worst)")
        #expect(mean >= meanBound, "\(format.rawValue): mean cosine \(mean)")
    }

    @Test func quantizedWeightsTakeLessMemory() throws {
        let f32 = try MiniLMReferenceTests.loadModel().weightBytes!
        let q8 = try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", variant: WeightsVariant(.q8)).weightBytes!
        let q4all = try SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", variant: WeightsVariant(.q4, quantizeEmbeddings: true))
        #expect(q4all.identity.weights == "q4+embeddings")
        print("MiniLM bytes: f32 \(f32), q8 \(q8), q4+embeddings \(q4all.weightBytes!)")
        #expect(q8 < f32 && q4all.weightBytes! < q8)
        // MiniLM's linear layers hold 21.3 M of its 22.7 M parameters... minus the 11.7 M word embeddings,
        // which q8 keeps f32: (11.7 M · 4 + 10.6 M · 1.125 + small) bytes.
        #expect(abs(Double(q8) / Double(f32) - 0.64) < 0.03)
        #expect(abs(Double(q4all.weightBytes!) / Double(f32) - 0.16) < 0.01)
    }

    /// The tiny Gemma 3 models run under q8 and q4 (a test of the code path: their random weights are far
    /// from a trained model's, so the bounds are looser than MiniLM's and were measured with a margin).
    @Test(arguments: GemmaReferenceTests.models, [(WeightFormat.q8, Float(0.99)), (.q4, 0.85)])
    func tinyGemmaRunsQuantized(_ name: String, _ setting: (WeightFormat, Float)) throws {
        let (format, bound) = setting
        let texts = try GemmaReferenceTests.texts(name)
        let folder = GemmaReferenceTests.fixtures.appendingPathComponent(name)
        let f32 = try GemmaReferenceTests.load(name).embed(texts)
        for embeddings in [false, true] {
            let model = try SentenceTransformer(location: .init(folder: folder, name: "tiny/\(name)", revision: nil),
                                                variant: WeightsVariant(format, quantizeEmbeddings: embeddings))
            model.batchSize = 3
            let (worst, mean) = Self.cosines(try model.embed(texts), f32)
            print("\(name) \(model.identity.weights): worst cosine \(worst), mean \(mean)")
            #expect(worst >= bound, "\(name) \(model.identity.weights): worst cosine \(worst)")
        }
    }
}
