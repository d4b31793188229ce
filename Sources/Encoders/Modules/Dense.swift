import Foundation
import Kernels

/// sentence-transformers' Dense module: y = activation(W x + b), W stored out × in.
public struct Dense {
    public enum Activation: Equatable { case identity, tanh }

    public let inFeatures: Int
    public let outFeatures: Int
    let weight: [Float]
    let bias: [Float]?
    public let activation: Activation
    /// The weight file, for the model's identity.
    let weightsURL: URL

    /// Reads `N_Dense/config.json` and `N_Dense/model.safetensors` (`linear.weight`, optional `linear.bias`).
    public init(folder: URL) throws {
        let configURL = folder.appendingPathComponent("config.json")
        let config = try readJSON(Config.self, configURL)
        inFeatures = config.in_features
        outFeatures = config.out_features
        switch config.activation_function.split(separator: ".").last {
        case "Identity": activation = .identity
        case "Tanh": activation = .tanh
        default:
            throw EncoderError("\(configURL.path): activation_function '\(config.activation_function)' is not supported (Identity or Tanh)")
        }
        weightsURL = folder.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw EncoderError("\(folder.path) has no model.safetensors (pytorch_model.bin is not supported: convert it to safetensors)")
        }
        let file = try SafeTensorsFile(url: weightsURL)
        weight = try file.floats("linear.weight", shape: [outFeatures, inFeatures])
        let hasBias = config.bias ?? true
        bias = hasBias ? try file.floats("linear.bias", shape: [outFeatures]) : nil
    }

    /// Applies the layer to `rows` vectors.
    func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        weight.withUnsafeBufferPointer { w in
            BLAS.gemm(m: rows, n: outFeatures, k: inFeatures, a: input, lda: inFeatures,
                      b: w.baseAddress!, ldb: inFeatures, bTransposed: true, c: output, ldc: outFeatures)
        }
        if let bias { bias.withUnsafeBufferPointer { VectorMath.addBias($0.baseAddress!, to: output, rows: rows, columns: outFeatures) } }
        if activation == .tanh { VectorMath.tanh(output, count: rows * outFeatures) }
    }

    struct Config: Decodable {
        var in_features: Int
        var out_features: Int
        var bias: Bool?
        var activation_function: String
    }
}
