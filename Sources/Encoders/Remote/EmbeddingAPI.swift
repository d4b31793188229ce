import Foundation
import Kernels

/// The request and response bodies of the embedding APIs evalbench speaks: as a client (the remote backends)
/// and as a server (`evalbench serve`). Field names are the APIs' own.
public enum EmbeddingAPI {
    /// A single text or a list of texts, as every one of these APIs accepts.
    public enum Input: Codable, Sendable, Equatable {
        case one(String)
        case many([String])

        public var texts: [String] {
            switch self {
            case .one(let text): return [text]
            case .many(let texts): return texts
            }
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .one(text)
            } else if let texts = try? container.decode([String].self) {
                self = .many(texts)
            } else {
                throw DecodingError.typeMismatch(Input.self, .init(codingPath: decoder.codingPath,
                                                                   debugDescription: "expected a string or a list of strings"))
            }
        }

        public func encode(to encoder: Swift.Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .one(let text): try container.encode(text)
            case .many(let texts): try container.encode(texts)
            }
        }
    }

    /// OpenAI's `POST /v1/embeddings`.
    public enum OpenAI {
        public struct Request: Codable, Sendable {
            public var input: Input
            public var model: String?
            /// `float` (the default) or `base64` (little-endian float32 bytes).
            public var encoding_format: String?
            public var dimensions: Int?

            public init(input: Input, model: String?, encoding_format: String?, dimensions: Int?) {
                self.input = input
                self.model = model
                self.encoding_format = encoding_format
                self.dimensions = dimensions
            }
        }

        public struct Response: Codable, Sendable {
            public var object = "list"
            public var data: [Item]
            public var model: String
            public var usage: Usage

            public init(data: [Item], model: String, usage: Usage) {
                self.data = data
                self.model = model
                self.usage = usage
            }
        }

        public struct Item: Codable, Sendable {
            public var object = "embedding"
            public var index: Int
            public var embedding: Vector

            public init(index: Int, embedding: Vector) {
                self.index = index
                self.embedding = embedding
            }
        }

        /// A vector as a JSON list of numbers or as base64 of its float32 bytes.
        public enum Vector: Codable, Sendable {
            case floats([Float])
            case base64(String)

            public init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .base64(text)
                } else {
                    self = .floats(try container.decode([Float].self))
                }
            }

            public func encode(to encoder: Swift.Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .floats(let values): try container.encode(values)
                case .base64(let text): try container.encode(text)
                }
            }
        }

        public struct Usage: Codable, Sendable {
            public var prompt_tokens: Int
            public var total_tokens: Int

            public init(prompt_tokens: Int, total_tokens: Int) {
                self.prompt_tokens = prompt_tokens
                self.total_tokens = total_tokens
            }
        }

        /// `{"error": {"message": …, "type": …}}`.
        public struct ErrorBody: Codable, Sendable {
            public struct Detail: Codable, Sendable {
                public var message: String
                public var type: String
            }
            public var error: Detail

            public init(message: String, type: String) { error = Detail(message: message, type: type) }
        }
    }

    /// Text Embeddings Inference's `POST /embed`; the response is a bare list of vectors.
    public enum TEI {
        public struct Request: Codable, Sendable {
            public var inputs: Input
            public var normalize: Bool?
            public var truncate: Bool?
            public var prompt_name: String?
            public var dimensions: Int?

            public init(inputs: Input, normalize: Bool?, truncate: Bool?, prompt_name: String?, dimensions: Int?) {
                self.inputs = inputs
                self.normalize = normalize
                self.truncate = truncate
                self.prompt_name = prompt_name
                self.dimensions = dimensions
            }
        }

        /// `{"error": …, "error_type": …}`.
        public struct ErrorBody: Codable, Sendable {
            public var error: String
            public var error_type: String

            public init(error: String, error_type: String) {
                self.error = error
                self.error_type = error_type
            }
        }
    }

    /// Ollama's `POST /api/embed`.
    public enum Ollama {
        public struct Request: Codable, Sendable {
            public var model: String
            public var input: Input
            public var truncate: Bool?
            public var dimensions: Int?

            public init(model: String, input: Input, truncate: Bool?, dimensions: Int?) {
                self.model = model
                self.input = input
                self.truncate = truncate
                self.dimensions = dimensions
            }
        }

        public struct Response: Codable, Sendable {
            public var model: String
            public var embeddings: [[Float]]
            public var prompt_eval_count: Int?

            public init(model: String, embeddings: [[Float]], prompt_eval_count: Int?) {
                self.model = model
                self.embeddings = embeddings
                self.prompt_eval_count = prompt_eval_count
            }
        }

        /// `{"error": …}`.
        public struct ErrorBody: Codable, Sendable {
            public var error: String
            public init(error: String) { self.error = error }
        }
    }

    /// Little-endian float32 bytes in base64, as OpenAI's `encoding_format: base64` sends them.
    public static func base64(_ values: [Float]) -> String { Data(Float32Bytes.bytes(of: values)).base64EncodedString() }

    /// The floats in base64 `text`, or nil when it is not base64 of a whole number of float32s.
    public static func floats(base64 text: String) -> [Float]? {
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else { return nil }
        return data.withUnsafeBytes(Float32Bytes.floats)
    }

    /// A decoding error in one line.
    public static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
