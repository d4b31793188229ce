import Foundation

/// A transformers `config.json` that says, naming the file and field, what in it the encoder cannot run.
protocol TransformerConfig: Decodable {
    func validate(path: String) throws
}

/// The checked `config.json` and the opened `model.safetensors` of a transformer folder, where every backbone starts.
struct TransformerFiles<Config: TransformerConfig> {
    let config: Config
    let weights: SafeTensorsFile

    init(folder: URL) throws {
        let configURL = folder.appendingPathComponent("config.json")
        config = try readJSON(Config.self, configURL)
        try config.validate(path: configURL.path)
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw EncoderError("\(folder.path) has no model.safetensors (pytorch_model.bin is not supported: convert it to safetensors)")
        }
        weights = try SafeTensorsFile(url: weightsURL)
    }
}
