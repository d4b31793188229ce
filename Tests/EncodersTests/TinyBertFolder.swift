import Foundation

/// Writes a tiny random-weight BERT sentence-transformers folder for loader tests; each property can be
/// changed before `write()` to produce a broken model.
struct TinyBertFolder {
    var hidden = 8, heads = 2, layers = 1, intermediate = 16, positions = 16
    var vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "."]
    var omittedTensors: Set<String> = []
    var shapeOverrides: [String: [Int]] = [:]
    var configOverrides: [String: Any] = [:]
    var modules: [(type: String, path: String)] = [
        ("sentence_transformers.models.Transformer", ""), ("sentence_transformers.models.Pooling", "1_Pooling"),
        ("sentence_transformers.models.Normalize", "2_Normalize"),
    ]
    var pooling: [String: Any] = ["word_embedding_dimension": 8, "pooling_mode_mean_tokens": true]
    var dense: (inFeatures: Int, outFeatures: Int)?
    /// Tensor-name prefix, as BertForX checkpoints save them (`bert.`).
    var tensorPrefix = ""
    /// sentence_bert_config.json's max_seq_length (default: the position count).
    var maxSeqLength: Int?
    /// Tensors (of the model or its Dense layer) written with every value set to the one given.
    var filledTensors: [String: Float] = [:]

    func tensorShapes() -> [(String, [Int])] {
        var shapes: [(String, [Int])] = [
            ("embeddings.word_embeddings.weight", [vocab.count, hidden]),
            ("embeddings.position_embeddings.weight", [positions, hidden]),
            ("embeddings.token_type_embeddings.weight", [2, hidden]),
            ("embeddings.LayerNorm.weight", [hidden]), ("embeddings.LayerNorm.bias", [hidden]),
        ]
        for l in 0..<layers {
            let p = "encoder.layer.\(l)."
            for m in ["query", "key", "value"] {
                shapes += [(p + "attention.self.\(m).weight", [hidden, hidden]), (p + "attention.self.\(m).bias", [hidden])]
            }
            shapes += [
                (p + "attention.output.dense.weight", [hidden, hidden]), (p + "attention.output.dense.bias", [hidden]),
                (p + "attention.output.LayerNorm.weight", [hidden]), (p + "attention.output.LayerNorm.bias", [hidden]),
                (p + "intermediate.dense.weight", [intermediate, hidden]), (p + "intermediate.dense.bias", [intermediate]),
                (p + "output.dense.weight", [hidden, intermediate]), (p + "output.dense.bias", [hidden]),
                (p + "output.LayerNorm.weight", [hidden]), (p + "output.LayerNorm.bias", [hidden]),
            ]
        }
        return shapes.filter { !omittedTensors.contains($0.0) }.map { (tensorPrefix + $0.0, shapeOverrides[$0.0] ?? $0.1) }
    }

    func write() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-tinybert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        var config: [String: Any] = [
            "model_type": "bert", "vocab_size": vocab.count, "hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": heads,
            "intermediate_size": intermediate, "hidden_act": "gelu", "max_position_embeddings": positions,
            "type_vocab_size": 2, "layer_norm_eps": 1e-12,
        ]
        config.merge(configOverrides) { $1 }
        try json(config).write(to: folder.appendingPathComponent("config.json"))
        try (vocab.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try json(modules.map { ["type": $0.type, "path": $0.path] }).write(to: folder.appendingPathComponent("modules.json"))
        try json(pooling).write(to: folder.appendingPathComponent("1_Pooling/config.json"))
        try json(["max_seq_length": maxSeqLength ?? positions, "do_lower_case": false]).write(to: folder.appendingPathComponent("sentence_bert_config.json"))
        try safetensors(tensorShapes()).write(to: folder.appendingPathComponent("model.safetensors"))
        if let dense {
            let denseFolder = folder.appendingPathComponent("2_Dense")
            try FileManager.default.createDirectory(at: denseFolder, withIntermediateDirectories: true)
            try json(["in_features": dense.inFeatures, "out_features": dense.outFeatures, "bias": true,
                      "activation_function": "torch.nn.modules.activation.Tanh"]).write(to: denseFolder.appendingPathComponent("config.json"))
            try safetensors([("linear.weight", [dense.outFeatures, dense.inFeatures]), ("linear.bias", [dense.outFeatures])])
                .write(to: denseFolder.appendingPathComponent("model.safetensors"))
        }
        return folder
    }

    func json(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }

    /// F32 tensors with small deterministic pseudo-random values.
    func safetensors(_ tensors: [(String, [Int])]) throws -> Data {
        var header: [String: Any] = [:], payload = Data(), state: UInt64 = 0x9E3779B97F4A7C15
        for (name, shape) in tensors {
            let count = shape.reduce(1, *)
            var values: [Float] = (0..<count).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int(state >> 40) % 2001 - 1000) / 5000
            }
            if let fill = filledTensors[name] { values = values.map { _ in fill } }
            header[name] = ["dtype": "F32", "shape": shape, "data_offsets": [payload.count, payload.count + count * 4]]
            values.withUnsafeBytes { payload.append(contentsOf: $0) }
        }
        let headerData = try json(header)
        var data = Data()
        withUnsafeBytes(of: UInt64(headerData.count).littleEndian) { data.append(contentsOf: $0) }
        return data + headerData + payload
    }
}
