import Common
import Foundation
import Kernels
import Tokenizers

/// A sentence-transformers model folder run natively: tokenizer, transformer backbone, then the
/// folder's Pooling, Dense and Normalize modules. Texts are batched by length and returned in input order.
public final class SentenceTransformer: Encoder {
    public let identity: ModelIdentity
    public let dimension: Int
    public let maxTokens: Int
    public let prompts: [String: String]
    public let defaultPromptName: String?
    public let similarity: SimilarityFunction
    /// Texts per forward pass.
    public var batchSize = 32
    /// Most padded tokens per forward pass: long texts go in smaller batches, so the activations of a
    /// batch of 2048-token texts stay bounded (EmbeddingGemma: about 24 KB of activations per token).
    public var maxBatchTokens = 8_192
    /// Threads for matrix products and element-wise work.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    let tokenizer: Tokenizer
    let backbone: Backbone
    let modelType: SupportedModelType
    let steps: [Step]
    let lowercaseInput: Bool

    enum Step {
        case pooling(Pooling)
        case dense(Dense)
        case normalize
    }

    /// Bytes of all parameters held in memory (backbone and Dense heads), quantized ones at their packed size.
    public let weightBytes: Int?
    public let cacheKey: String

    /// Loads `model`: a folder path or a Hugging Face id found in the local cache, with its weights held as
    /// `variant` says.
    public convenience init(_ model: String, variant: WeightsVariant = .f32, locator: ModelLocator = ModelLocator()) throws {
        try self.init(location: locator.locate(model), variant: variant)
    }

    public init(location: ModelLocator.Location, variant: WeightsVariant = .f32) throws {
        let folder = location.folder
        let description = try SentenceTransformerFolder(folder: folder)
        guard let transformer = description.modules.first, transformer.kind == .transformer else {
            throw EncoderError("\(folder.path)/modules.json: the first module must be a Transformer")
        }
        let transformerFolder = folder.appendingPathComponent(transformer.path)
        (modelType, backbone, tokenizer) = try Self.loadTransformer(transformerFolder, variant: variant)
        var bytes = backbone.weightBytes
        var width = backbone.hiddenSize
        var steps: [Step] = []
        var weightFiles = [transformerFolder.appendingPathComponent("model.safetensors")]
        for module in description.modules.dropFirst() {
            let moduleFolder = folder.appendingPathComponent(module.path)
            switch module.kind {
            case .transformer:
                throw EncoderError("\(folder.path)/modules.json: only the first module may be a Transformer")
            case .pooling:
                let configURL = moduleFolder.appendingPathComponent("config.json")
                guard module.path.isEmpty || FileManager.default.fileExists(atPath: moduleFolder.path) else {
                    throw EncoderError("\(folder.path)/modules.json: the Pooling module's folder '\(module.path)' does not exist")
                }
                let pooling = FileManager.default.fileExists(atPath: configURL.path)
                    ? try Pooling(configURL: configURL) : Pooling(modes: [.mean])
                if let declared = pooling.declaredWidth, declared != width {
                    throw EncoderError("\(configURL.path): word_embedding_dimension is \(declared) but the transformer's tokens are \(width) wide")
                }
                width = pooling.outputDimension(tokenWidth: width)
                steps.append(.pooling(pooling))
            case .dense:
                let dense = try Dense(folder: moduleFolder, format: variant.embeddingFormat)
                bytes += dense.bytes
                guard dense.inFeatures == width else {
                    throw EncoderError("\(moduleFolder.path)/config.json: in_features is \(dense.inFeatures) but the previous module outputs \(width)")
                }
                width = dense.outFeatures
                weightFiles.append(dense.weightsURL)
                steps.append(.dense(dense))
            case .normalize:
                steps.append(.normalize)
            }
        }
        guard case .pooling = steps.first else {
            throw EncoderError("\(folder.path)/modules.json: a Pooling module must follow the Transformer")
        }
        self.steps = steps
        dimension = width
        maxTokens = min(description.maxSeqLength ?? backbone.maxPositions, backbone.maxPositions)
        try Self.checkTokenizer(tokenizer, fits: backbone, maxTokens: maxTokens, folder: transformerFolder)
        prompts = description.prompts
        defaultPromptName = description.defaultPromptName
        similarity = description.similarity
        lowercaseInput = description.doLowerCase
        let digest = try weightFiles.map { try WeightsDigest.of($0).digest }.joined(separator: "+")
        weightBytes = bytes
        identity = ModelIdentity(name: location.name, revision: location.revision, weightsSHA256: digest, path: folder.path,
                                 weights: variant.name, quantized: variant.quantizedParts)
        cacheKey = try Self.cacheKey(folder: folder, modules: description.modules.map(\.path), weightsSHA256: digest,
                                     variant: variant, maxTokens: maxTokens)
    }

    /// Every id the tokenizer can produce has a row in the embedding table, and its template leaves room for text
    /// within both the length limit and the position table (else every text would embed alike, or read past a table).
    static func checkTokenizer(_ tokenizer: Tokenizer, fits backbone: Backbone, maxTokens: Int, folder: URL) throws {
        guard tokenizer.largestID < backbone.vocabularySize else {
            throw EncoderError("\(folder.path): the tokenizer produces token id \(tokenizer.largestID), but the embedding table has "
                + "\(backbone.vocabularySize) rows (config.json vocab_size): tokenizer and weights do not belong together")
        }
        guard tokenizer.templateLength < backbone.maxPositions else {
            throw EncoderError("\(folder.path): the tokenizer's template adds \(tokenizer.templateLength) tokens to every text, "
                + "leaving none of the model's \(backbone.maxPositions) positions for the text")
        }
        guard tokenizer.templateLength < maxTokens else {
            throw EncoderError("\(folder.path): the length limit (max_seq_length \(maxTokens)) leaves no room for text after the "
                + "\(tokenizer.templateLength) template tokens; it must be at least \(tokenizer.templateLength + 1)")
        }
    }

    /// SHA-256 over the weights digest, the weights variant, the length limit and every small file (configuration,
    /// tokenizer, vocabulary) in the folder and its modules' folders, so a changed pooling or tokenizer changes the key.
    static func cacheKey(folder: URL, modules: [String], weightsSHA256: String, variant: WeightsVariant, maxTokens: Int) throws -> String {
        var text = "native\n\(weightsSHA256)\n\(variant.name)\n\(maxTokens)\n"
        let fileManager = FileManager.default
        for module in [""] + modules {
            let moduleFolder = module.isEmpty ? folder : folder.appendingPathComponent(module)
            let names = ((try? fileManager.contentsOfDirectory(atPath: moduleFolder.path)) ?? []).sorted()
            for name in names where !name.hasSuffix(".safetensors") && !name.hasSuffix(".bin") && !name.hasPrefix(".") {
                let url = moduleFolder.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                text += "\(module)/\(name) \(SHA256.hex(of: try Data(contentsOf: url)))\n"
            }
        }
        return SHA256.hex(of: Data(text.utf8))
    }

    /// The backbone and tokenizer `config.json`'s model_type calls for (`SupportedModelType`).
    static func loadTransformer(_ folder: URL, variant: WeightsVariant) throws -> (SupportedModelType, Backbone, Tokenizer) {
        struct ModelType: Decodable { var model_type: String? }
        let configURL = folder.appendingPathComponent("config.json")
        let supported = SupportedModelType.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = try readJSON(ModelType.self, configURL).model_type else {
            throw EncoderError("\(configURL.path) names no model_type: transformers needs it to choose the architecture (\(supported) here)")
        }
        guard let modelType = SupportedModelType(rawValue: name) else {
            throw EncoderError("\(configURL.path): model_type '\(name)' is not supported (\(supported) are)")
        }
        do {
            let (backbone, tokenizer) = try modelType.load(folder, variant: variant)
            return (modelType, backbone, tokenizer)
        } catch let error as TokenizerError {
            throw EncoderError(error.description)
        }
    }

    /// Time and operations per phase of the forward passes since the last reset (for benchmarks).
    public var phaseTimer: PhaseTimer {
        get { backbone.timer }
        set { backbone.timer = newValue }
    }

    /// The full dimension plus the Matryoshka dimensions the model's family was trained for (`SupportedModelType`).
    public var defaultDimensions: [Int] {
        [dimension] + modelType.matryoshkaDimensions.filter { $0 < dimension }
    }

    public var runtime: RuntimeFacts? { RuntimeFacts(openblas: BLAS.coreName, quantized: QuantKernel.best.name, attention: AttentionKernel.best.name, threads: threads) }

    public func tokenCount(_ text: String, prompt: String?, limit: Int?) -> Int? { tokenize(text, prompt: prompt, maxLength: limit).count }

    /// Token ids of `text` as the model sees it: prompt prepended, nothing stripped (sentence-transformers
    /// 6.2 passes texts to the tokenizer as they are; older versions stripped them, which BERT's whitespace
    /// splitting made invisible but a SentencePiece model does not), truncated to `maxLength` (default: the model's limit).
    public func tokenize(_ text: String, prompt: String? = nil, maxLength: Int? = nil) -> [Int32] {
        var input = (prompt ?? "") + text
        if lowercaseInput { input = input.lowercased() }
        return tokenizer.encode(input, maxLength: maxLength ?? maxTokens)
    }

    public func embed(_ texts: [String], prompt: String?, progress: ((Int) -> Void)?) throws -> EmbeddingMatrix {
        var output = EmbeddingMatrix(rows: texts.count, dimension: dimension)
        guard !texts.isEmpty else { return output }
        let sequences = texts.map { tokenize($0, prompt: prompt) }
        // An empty prompt is no prompt, as in sentence-transformers (`if prompt:`): nothing to leave out of pooling.
        let promptTokens = prompt.flatMap { $0.isEmpty ? nil : max(0, tokenize("", prompt: $0).count - 1) } ?? 0
        // Longest first, so each batch pads to a similar length and the largest buffers are sized first.
        let order = sequences.indices.sorted { sequences[$0].count > sequences[$1].count }
        let buffers = [FloatBuffer(), FloatBuffer()]
        var done = 0
        var start = 0
        while start < order.count {
            // Sorted longest first, so the first text of a batch sets its padded length.
            let fitting = max(1, maxBatchTokens / max(1, sequences[order[start]].count))
            let indices = Array(order[start..<min(start + min(batchSize, fitting), order.count)])
            start += indices.count
            let batch = indices.map { sequences[$0] }
            let (tokens, length) = backbone.forward(batch, threads: threads)
            let tokenWidth = backbone.hiddenSize
            var width = tokenWidth
            var active = 0
            for step in steps {
                switch step {
                case .pooling(let pooling):
                    width = pooling.outputDimension(tokenWidth: tokenWidth)
                    let out = buffers[active].reserve(batch.count * width)
                    let first = pooling.includePrompt ? 0 : promptTokens
                    for b in 0..<batch.count {
                        pooling.pool(tokens: tokens + b * length * tokenWidth, length: batch[b].count,
                                     width: tokenWidth, firstToken: first, into: out + b * width)
                    }
                case .dense(let dense):
                    let out = buffers[1 - active].reserve(batch.count * dense.outFeatures)
                    dense.apply(buffers[active].pointer, rows: batch.count, into: out)
                    active = 1 - active
                    width = dense.outFeatures
                case .normalize:
                    for b in 0..<batch.count { VectorMath.l2Normalize(buffers[active].pointer + b * width, count: width) }
                }
            }
            let current = buffers[active].pointer
            for (b, index) in indices.enumerated() {
                if let problem = EmbeddingCheck.problem(UnsafeBufferPointer(start: current + b * width, count: width)) {
                    throw EncoderError("the model gave text \(index) (\(texts[index].prefix(40).debugDescription)) an embedding that \(problem): "
                        + "its weights or configuration hold a non-finite or invalid value (\(identity.path))")
                }
            }
            // Texts of different tokens whose embeddings agree to float32 rounding (within 1e-5 of the largest value): a
            // weight so large it drowns every input.
            if batch.count > 1, Set(batch).count > 1, Self.allAlike(current, rows: batch.count, width: width) {
                throw EncoderError("the model gave \(batch.count) texts of different tokens the same embedding: its weights or configuration "
                    + "hold an invalid value (\(identity.path))")
            }
            output.values.withUnsafeMutableBufferPointer { out in
                for (b, index) in indices.enumerated() {
                    (out.baseAddress! + index * dimension).update(from: current + b * width, count: width)
                }
            }
            done += batch.count
            progress?(done)
        }
        return output
    }

    /// Whether every row of a rows × width block is within 1e-5 × the first row's largest magnitude of the first row.
    static func allAlike(_ block: UnsafePointer<Float>, rows: Int, width: Int) -> Bool {
        let scale = (0..<width).reduce(Float(0)) { max($0, abs(block[$1])) }
        return (1..<rows).allSatisfy { r in (0..<width).allSatisfy { abs(block[r * width + $0] - block[$0]) <= 1e-5 * scale } }
    }
}
