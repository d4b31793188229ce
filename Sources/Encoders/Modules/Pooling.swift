import Foundation

/// sentence-transformers' Pooling module: token embeddings → one vector per text. Several modes
/// are concatenated in sentence-transformers' order (cls, max, mean, mean_sqrt_len, lasttoken).
public struct Pooling: Equatable {
    public enum Mode: String, Equatable, CaseIterable { case cls, max, mean, meanSqrtLen = "mean_sqrt_len_tokens", lastToken = "lasttoken" }

    public let modes: [Mode]
    /// When false, the prompt's tokens are excluded from pooling.
    public let includePrompt: Bool

    /// The token width the config declares (`word_embedding_dimension`, or `embedding_dimension` as sentence-transformers
    /// 6 writes it), checked against the transformer's.
    public private(set) var declaredWidth: Int?

    public init(modes: [Mode], includePrompt: Bool = true) {
        self.modes = modes
        self.includePrompt = includePrompt
    }

    /// Reads `1_Pooling/config.json`: the legacy `pooling_mode_*_tokens` keys or the newer `pooling_mode`.
    public init(configURL url: URL) throws {
        let config = try readJSON(Config.self, url)
        var modes: [Mode] = []
        if let mode = config.pooling_mode {
            let aliases: [String: Mode] = ["cls": .cls, "max": .max, "mean": .mean, "mean_sqrt_len_tokens": .meanSqrtLen, "lasttoken": .lastToken]
            guard let parsed = aliases[mode] else {
                throw EncoderError("\(url.path): pooling_mode '\(mode)' is not supported (cls, max, mean, mean_sqrt_len_tokens, lasttoken)")
            }
            modes = [parsed]
        } else {
            if config.pooling_mode_cls_token == true { modes.append(.cls) }
            if config.pooling_mode_max_tokens == true { modes.append(.max) }
            if config.pooling_mode_mean_tokens == true { modes.append(.mean) }
            if config.pooling_mode_mean_sqrt_len_tokens == true { modes.append(.meanSqrtLen) }
            if config.pooling_mode_lasttoken == true { modes.append(.lastToken) }
        }
        if config.pooling_mode_weightedmean_tokens == true {
            throw EncoderError("\(url.path): pooling_mode_weightedmean_tokens is not supported")
        }
        guard !modes.isEmpty else { throw EncoderError("\(url.path): no pooling mode is enabled") }
        if let width = config.word_embedding_dimension ?? config.embedding_dimension, width <= 0 {
            throw EncoderError("\(url.path): word_embedding_dimension must be positive, got \(width)")
        }
        self.init(modes: modes, includePrompt: config.include_prompt ?? true)
        declaredWidth = config.word_embedding_dimension ?? config.embedding_dimension
    }

    /// Output width for token embeddings of width `width`.
    public func outputDimension(tokenWidth width: Int) -> Int { modes.count * width }

    /// Pools the `length` token rows at `tokens` (stride `width`) into `out`; rows before `firstToken`
    /// are left out of mean and max (prompt exclusion).
    func pool(tokens: UnsafePointer<Float>, length: Int, width: Int, firstToken: Int, into out: UnsafeMutablePointer<Float>) {
        let start = min(firstToken, max(length - 1, 0))
        for (m, mode) in modes.enumerated() {
            let target = out + m * width
            switch mode {
            case .cls:
                target.update(from: tokens, count: width)
            case .lastToken:
                target.update(from: tokens + (length - 1) * width, count: width)
            case .max:
                target.update(from: tokens + start * width, count: width)
                for t in (start + 1)..<max(length, start + 1) {
                    let row = tokens + t * width
                    for i in 0..<width where row[i] > target[i] { target[i] = row[i] }
                }
            case .mean, .meanSqrtLen:
                target.update(repeating: 0, count: width)
                for t in start..<length {
                    let row = tokens + t * width
                    for i in 0..<width { target[i] += row[i] }
                }
                let count = Float(max(length - start, 1))
                let divisor = mode == .mean ? count : count.squareRoot()
                for i in 0..<width { target[i] /= divisor }
            }
        }
    }

    struct Config: Decodable {
        var word_embedding_dimension: Int?
        var embedding_dimension: Int?
        var pooling_mode: String?
        var pooling_mode_cls_token: Bool?
        var pooling_mode_mean_tokens: Bool?
        var pooling_mode_max_tokens: Bool?
        var pooling_mode_mean_sqrt_len_tokens: Bool?
        var pooling_mode_weightedmean_tokens: Bool?
        var pooling_mode_lasttoken: Bool?
        var include_prompt: Bool?
    }
}
