import Common
import Foundation

/// Reads a Hugging Face tokenizer file, turning every decoding failure into a TokenizerError naming the file and field.
func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
        throw TokenizerError("\(url.path) cannot be read: \(error.localizedDescription)")
    }
    do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
        throw TokenizerError("\(url.path) is not a valid tokenizer file: \(error.summary)")
    } catch let error as UnsupportedField {
        throw TokenizerError("\(url.path): \(error.field) \(error.message)")
    }
}

/// A tokenizer.json value that decodes as JSON but that evalbench cannot honour (an unknown type, a regex that does
/// not compile): thrown from inside decoding so that the message can name the field it came from.
struct UnsupportedField: Error {
    let field: String
    let message: String

    /// `message` about the field `key` of the object being decoded by `decoder` (or about that object when nil).
    init(_ decoder: Decoder, _ key: CodingKey? = nil, _ message: String) {
        var field = ""
        for step in decoder.codingPath + [key].compactMap({ $0 }) {
            if let index = step.intValue { field += "[\(index)]" } else { field += (field.isEmpty ? "" : ".") + step.stringValue }
        }
        self.field = field
        self.message = message
    }
}

/// One entry of tokenizer.json's `added_tokens`: text kept whole wherever it appears, with its id.
struct AddedToken: Decodable {
    var id: Int32
    var content: String
    var special: Bool?
    var normalized: Bool?
    var lstrip: Bool?
    var rstrip: Bool?
    var single_word: Bool?
}
