import Encoders
import Foundation

/// Writes results in MTEB's layout: `ROOT/ORG__MODEL/REVISION/TASK.json` for the full-dimension float32
/// run of f32 weights, `…/experiments/embed_dim_D__output_dtypes_P/TASK.json` for the other dimensions and
/// precisions, `…/experiments/weights_W__embed_dim_D__output_dtypes_P/TASK.json` for every run of
/// quantized weights, `model_meta.json` beside them, and the per-query / per-pair detail under
/// `…/details/`. Every file is written atomically.
public struct ResultWriter {
    public let root: URL
    public let model: ModelIdentity
    public let fullDimension: Int

    public init(root: URL, model: ModelIdentity, fullDimension: Int) {
        self.root = root
        self.model = model
        self.fullDimension = fullDimension
    }

    /// MTEB's folder name for a model: `org/name` → `org__name`.
    public var modelFolder: URL {
        root.appendingPathComponent(model.name.replacingOccurrences(of: "/", with: "__"))
            .appendingPathComponent(model.revision ?? "no_revision_available")
    }

    /// The folder a variant's task files go to.
    public func folder(dimension: Int, precision: Precision) -> URL {
        let variant = "embed_dim_\(dimension)__output_dtypes_\(precision.rawValue)"
        if !model.quantized.isEmpty { return modelFolder.appendingPathComponent("experiments/weights_\(model.weights)__\(variant)") }
        if dimension == fullDimension && precision == .float32 { return modelFolder }
        return modelFolder.appendingPathComponent("experiments/\(variant)")
    }

    public func writeModelMeta(similarity: String, maxTokens: Int, matryoshkaDimensions: [Int]) throws {
        let meta: [String: Any] = [
            "name": model.name, "revision": model.revision ?? "no_revision_available", "embed_dim": fullDimension,
            "similarity_fn_name": similarity, "max_tokens": maxTokens > 0 ? maxTokens : NSNull(), "framework": ["evalbench"],
            "evalbench": ["weights_sha256": model.weightsSHA256, "path": model.path, "backend": model.backend, "matryoshka_dimensions": matryoshkaDimensions,
                          "version": EvalBenchVersion.current],
        ]
        try AtomicFile.write(JSONFormatting.data(meta), to: modelFolder.appendingPathComponent("model_meta.json"))
    }

    /// Writes one task's result and its detail file; returns the result file's URL.
    @discardableResult
    public func write(_ result: TaskResult) throws -> URL {
        let folder = self.folder(dimension: result.dimension, precision: result.precision)
        let url = folder.appendingPathComponent("\(result.task.name).json")
        try AtomicFile.write(JSONFormatting.data(result.mtebObject(model: model)), to: url)
        try AtomicFile.write(JSONFormatting.data(result.detail), to: folder.appendingPathComponent("details/\(result.task.name).json"))
        return url
    }
}

/// evalbench's own version, recorded in every result.
public enum EvalBenchVersion {
    public static let current = "0.1.0"
}

/// JSON output: sorted keys, pretty-printed, doubles rounded to 6 decimals as MTEB stores them.
enum JSONFormatting {
    static func data(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: rounded(object), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static func rounded(_ object: Any) -> Any {
        switch object {
        case let d as Double: return d.isFinite ? (d * 1e6).rounded() / 1e6 : NSNull()
        case let f as Float: return rounded(Double(f))
        case let dict as [String: Any]: return dict.mapValues(rounded)
        case let list as [Any]: return list.map(rounded)
        default: return object
        }
    }
}
