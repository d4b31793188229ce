import Foundation
import Kernels

/// sentence-transformers' Dense module: y = activation(W x + b), W stored out × in.
public struct Dense {
    public enum Activation: Equatable { case identity, tanh }

    public let inFeatures: Int
    public let outFeatures: Int
    let weight: LinearWeight
    let bias: [Float]?
    let workspace = QuantizedActivations()
    public let activation: Activation
    /// Bytes of the weight and bias in memory.
    var bytes: Int { weight.bytes + (bias?.count ?? 0) * MemoryLayout<Float>.size }
    /// The weight file, for the model's identity.
    let weightsURL: URL

    /// Reads `N_Dense/config.json` and `N_Dense/model.safetensors` (`linear.weight`, optional `linear.bias`);
    /// the weight is quantized when `format` is not `.f32`.
    public init(folder: URL, format: WeightFormat = .f32) throws {
        let configURL = folder.appendingPathComponent("config.json")
        let config = try readJSON(Config.self, configURL)
        inFeatures = config.in_features
        outFeatures = config.out_features
        guard inFeatures > 0, outFeatures > 0 else {
            throw EncoderError("\(configURL.path): in_features and out_features must be positive, got \(inFeatures) and \(outFeatures)")
        }
        try ModelLimits.check([("in_features", inFeatures), ("out_features", outFeatures)], path: configURL.path)
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
        weight = LinearWeight(try file.buffer("linear.weight", shape: [outFeatures, inFeatures]), outFeatures: outFeatures,
                              inFeatures: inFeatures, format: format)
        let hasBias = config.bias ?? true
        bias = hasBias ? try file.floats("linear.bias", shape: [outFeatures]) : nil
    }

    /// Applies the layer to `rows` vectors.
    func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        weight.apply(input, m: rows, lda: inFeatures, into: output, ldc: outFeatures, workspace: workspace, threads: 1)
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
