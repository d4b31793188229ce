import Foundation
import Testing
@testable import Tokenizers

/// WordPiece behaviour on a small hand-made vocabulary, one rule per test. (Parity with the Hugging Face
/// tokenizer on a real vocabulary is checked in EncodersTests against sentence-transformers' ids.)
@Suite struct WordPieceTests {
    static let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "cafe", "hello", "world",
                        "!", "$", ",", "中", "国", "x", "##x", "naive", "e"]

    func tokenizer(lowercase: Bool = true) throws -> WordPieceTokenizer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-wp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (Self.vocab.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try "{\"do_lower_case\": \(lowercase)}".write(to: folder.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try WordPieceTokenizer.load(folder: folder)
    }

    func tokens(_ text: String, max: Int = 64) throws -> [String] {
        try tokenizer().encode(text, maxLength: max).map { Self.vocab[Int($0)] }
    }

    @Test func greedyLongestMatchWithContinuations() throws {
        #expect(try tokens("unaffable") == ["[CLS]", "un", "##aff", "##able", "[SEP]"])
        #expect(try tokens("xxx") == ["[CLS]", "x", "##x", "##x", "[SEP]"])
    }

    @Test func aWordWithNoFullMatchIsUnknown() throws {
        #expect(try tokens("unaffablez hello") == ["[CLS]", "[UNK]", "hello", "[SEP]"])
    }

    @Test func punctuationAndAsciiSymbolsSplit() throws {
        #expect(try tokens("hello,world!$") == ["[CLS]", "hello", ",", "world", "!", "$", "[SEP]"])
    }

    @Test func lowercaseAndAccentsStripped() throws {
        #expect(try tokens("CAFÉ Naïve") == ["[CLS]", "cafe", "naive", "[SEP]"])
        #expect(try tokens("e\u{301}") == ["[CLS]", "e", "[SEP]"])
    }

    @Test func cjkCharactersAreWords() throws {
        #expect(try tokens("中国") == ["[CLS]", "中", "国", "[SEP]"])
    }

    @Test func controlCharactersRemovedAndWhitespaceSplits() throws {
        #expect(try tokens("hello\u{0}\u{7} world\u{200B}") == ["[CLS]", "hello", "world", "[SEP]"])
        #expect(try tokens("hello\tworld\nhello") == ["[CLS]", "hello", "world", "hello", "[SEP]"])
    }

    @Test func overlongWordIsUnknown() throws {
        #expect(try tokens(String(repeating: "x", count: 100), max: 200).count == 102)
        #expect(try tokens(String(repeating: "x", count: 101)) == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test func truncationKeepsTheTemplate() throws {
        #expect(try tokens("hello world hello world", max: 4) == ["[CLS]", "hello", "world", "[SEP]"])
        #expect(try tokens("", max: 4) == ["[CLS]", "[SEP]"])
    }

    @Test func literalSpecialTokensStayWhole() throws {
        #expect(try tokens("hello [SEP] world [MASK]") == ["[CLS]", "hello", "[SEP]", "world", "[MASK]", "[SEP]"])
    }

    @Test func missingFilesAreNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-wp-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(throws: TokenizerError("\(folder.path) has neither tokenizer.json nor vocab.txt")) { try WordPieceTokenizer.load(folder: folder) }
    }

    @Test func tokenizerJSONWithUnsupportedNormalizer() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-tok-\(UUID().uuidString).json")
        try #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "normalizer": {"type": "NFKC"}}"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: TokenizerError("\(url.path): normalizer.type 'NFKC' is not supported (expected BertNormalizer)")) {
            try WordPieceTokenizer.load(tokenizerJSON: url)
        }
    }

    /// tokenizer.json files transformers could not use either: an added token no text can match, a template that drops
    /// the text or places it twice (the fuzzer's findings; before, each loaded and embedded something).
    @Test(arguments: [
        (#""added_tokens": [{"id": 1, "content": ""}]"#, "added token 1 has empty content, which no text can match"),
        (#""post_processor": {"type": "TemplateProcessing", "single": [], "special_tokens": {}}"#,
         "post_processor.single places no sequence ($A), so every text would vanish"),
        (#""post_processor": {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A"}}, {"Sequence": {"id": "A"}}], "special_tokens": {}}"#,
         "post_processor.single places the sequence twice"),
        (#""post_processor": {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 5}}], "special_tokens": {}}"#,
         "post_processor.single gives a piece type_id 5; a single text's pieces have type 0"),
    ]) func tokenizerJSONThatNoTokenizerCouldUse(_ field: String, _ message: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-tok-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}}, "#.appending(field).appending("}").write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: TokenizerError("\(url.path): \(message)")) { try WordPieceTokenizer.load(tokenizerJSON: url) }
    }

    /// Accents are stripped a few thousand scalars at a time (a single long line was superlinear): the same scalars
    /// as decomposing the whole text, with combining sequences that straddle the chunk edges.
    @Test func accentStrippingInChunksMatchesTheWholeText() {
        let text = String(repeating: "e\u{0301}\u{0323}ñ Å\u{030A}x ", count: 3000)
        var whole = String.UnicodeScalarView()
        whole.append(contentsOf: text.unicodeScalars)
        let expected = Array(String(whole).decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark })
        #expect(BertNormalizer.decomposedWithoutMarks(Array(text.unicodeScalars)) == expected)
    }
}

