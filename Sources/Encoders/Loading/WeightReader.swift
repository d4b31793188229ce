import Kernels

/// Reads one model's parameters from its safetensors file: names under the file's prefix (`model.`, `bert.`, …), vectors
/// in float32, linear layers (fused from several tensors where the forward pass runs them as one product) and the
/// embedding table held as the weights variant says.
struct WeightReader {
    let file: SafeTensorsFile
    let prefix: String
    let variant: WeightsVariant

    /// `prefixes`: the first under which `probe` exists is the file's (else none).
    init(_ file: SafeTensorsFile, prefixes: [String], probe: String, variant: WeightsVariant) {
        self.file = file
        self.variant = variant
        prefix = prefixes.first { file.tensors[$0 + probe] != nil } ?? ""
    }

    func vector(_ name: String, _ shape: [Int]) throws -> FloatBuffer { try file.buffer(prefix + name, shape: shape) }

    /// The vectors `names`, each `width` long, one after another (BERT's fused Q/K/V bias).
    func vectors(_ names: [String], _ width: Int) throws -> FloatBuffer {
        FloatBuffer(try names.flatMap { try file.floats(prefix + $0, shape: [width]) })
    }

    /// The linear layer whose weight stacks `names` (out-features `rows[k]` each, in order) over `columns` in-features.
    func linear(_ names: [String], rows: [Int], columns: Int) throws -> LinearWeight {
        LinearWeight(try file.stacked(names.map { prefix + $0 }, rows: rows, columns: columns),
                     outFeatures: rows.reduce(0, +), inFeatures: columns, format: variant.format)
    }

    func linear(_ name: String, rows: Int, columns: Int) throws -> LinearWeight { try linear([name], rows: [rows], columns: columns) }

    func embeddings(_ name: String, rows: Int, width: Int) throws -> EmbeddingTable {
        EmbeddingTable(try vector(name, [rows, width]), rows: rows, width: width, format: variant.embeddingFormat)
    }

    /// A Llama-style decoder layer's attention projections under `layer` (`self_attn.{q,k,v}_proj`, fused, and
    /// `self_attn.o_proj`), as Gemma 3 and Qwen3 name them.
    func decoderAttention(_ layer: String, queries: Int, keyValues: Int, hidden: Int) throws -> (qkv: LinearWeight, output: LinearWeight) {
        (try linear(["q_proj", "k_proj", "v_proj"].map { layer + "self_attn.\($0).weight" }, rows: [queries, keyValues, keyValues], columns: hidden),
         try linear(layer + "self_attn.o_proj.weight", rows: hidden, columns: queries))
    }

    /// A Llama-style gated MLP under `layer` (`mlp.{gate,up}_proj`, fused, and `mlp.down_proj`).
    func gatedMLP(_ layer: String, intermediate: Int, hidden: Int) throws -> (gateUp: LinearWeight, down: LinearWeight) {
        (try linear([layer + "mlp.gate_proj.weight", layer + "mlp.up_proj.weight"], rows: [intermediate, intermediate], columns: hidden),
         try linear(layer + "mlp.down_proj.weight", rows: hidden, columns: intermediate))
    }
}
