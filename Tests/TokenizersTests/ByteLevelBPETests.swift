import Foundation
import Testing
@testable import Tokenizers

/// Byte-level BPE parity with the Hugging Face `tokenizers` library on the fixtures of
/// scripts/make_bpe_tokenizer_fixtures.py (one tiny trained tokenizer per style, with the ids tokenizers gave for
/// each text), and refusal of tokenizer.json files evalbench cannot read the way tokenizers would.
@Suite struct ByteLevelBPETests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static let styles = ["qwen2", "gpt-neox", "roberta", "byte-fallback", "ignore-merges", "mixed"]

    struct Reference: Decodable {
        var tokenizers_version: String
        var texts: [String]
        var ids: [[Int32]]
    }

    static func reference(_ style: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixtures.appendingPathComponent("\(style)/reference.json")))
    }

    static func tokenizer(_ style: String) throws -> ByteLevelBPETokenizer {
        try ByteLevelBPETokenizer(folder: fixtures.appendingPathComponent(style))
    }

    @Test(arguments: styles) func idsMatchTokenizers(_ style: String) throws {
        let tokenizer = try Self.tokenizer(style)
        let reference = try Self.reference(style)
        #expect(reference.texts.count == reference.ids.count && reference.texts.count >= 40)
        for (text, expected) in zip(reference.texts, reference.ids) {
            let ids = tokenizer.encode(text, maxLength: 100_000)
            #expect(ids == expected, "\(style): \(text.unicodeScalars.prefix(60).map { String($0.value, radix: 16) })")
        }
        // Twice, so that the second pass reads the word cache.
        for (text, expected) in zip(reference.texts, reference.ids) { #expect(tokenizer.encode(text, maxLength: 100_000) == expected) }
    }

    @Test func truncationKeepsTheTemplate() throws {
        let neox = try Self.tokenizer("gpt-neox")
        let text = "The quick brown fox jumps over the lazy dog."
        let full = neox.encode(text, maxLength: 1000)
        #expect(neox.templateLength == 2)
        #expect(neox.encode(text, maxLength: 5) == Array(full.prefix(4)) + [full.last!])
        #expect(neox.encode(text, maxLength: 2) == [full.first!, full.last!])
        #expect(neox.encode(text, maxLength: 0) == [full.first!, full.last!])
        let qwen = try Self.tokenizer("qwen2")
        let eot = qwen.encode("", maxLength: 10)
        #expect(eot.count == 1 && qwen.templateLength == 1)
        #expect(qwen.encode("x<|im_end|>y and more words", maxLength: 3) == [qwen.encode("x", maxLength: 9)[0], 1002] + eot)
    }

    @Test func paddingAndLargestID() throws {
        #expect(try Self.tokenizer("qwen2").paddingID == 1000)  // <|endoftext|>
        #expect(try Self.tokenizer("gpt-neox").paddingID == 1003)  // [PAD]
        #expect(try Self.tokenizer("roberta").paddingID == 1)  // <pad>
        #expect(try Self.tokenizer("mixed").paddingID == 0)
        #expect(try Self.tokenizer("qwen2").largestID == 1002)
        #expect(try Self.tokenizer("gpt-neox").largestID == 1007)
    }

    /// The hand-written scanners for the GPT-2, Qwen2 and Llama 3 regexes cut every reference text where
    /// NSRegularExpression (ICU) cuts it.
    @Test func wellKnownScannersAgreeWithTheRegexEngine() throws {
        let qwen2 = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        let llama3 = qwen2.replacingOccurrences(of: #"|\p{N}|"#, with: #"|\p{N}{1,3}|"#)
        let texts = try Self.reference("qwen2").texts + ["'ſ 'S 'Re x'LL", "a\u{0085}b \u{000B}\n c", "123456789 ½"]
        for source in [WellKnownPattern.gpt2Source, qwen2, llama3] {
            let scanner = try #require(WellKnownPattern(regex: source))
            let regex = try NSRegularExpression(pattern: source)
            for text in texts {
                let expected = SplitPattern.matches(of: regex, in: text)
                #expect(scanner.matches(in: text) == expected, "\(source): \(text.prefix(40))")
            }
        }
    }

    @Test func mergesApplyByRankIncludingRepeatedPairs() {
        // a=0 b=1 aa=2 ab=3 aab=4; merges: (a a) rank 0, (a b) rank 1, (aa b) rank 2.
        let merges: [UInt64: (rank: Int32, id: Int32)] = [0 << 32 | 0: (0, 2), 0 << 32 | 1: (1, 3), 2 << 32 | 1: (2, 4)]
        #expect(BPEWord([0, 0, 0]).mergedAll(merges) == [2, 0])
        #expect(BPEWord([0, 0, 0, 0]).mergedAll(merges) == [2, 2])
        #expect(BPEWord([0, 0, 1]).mergedAll(merges) == [4])
        #expect(BPEWord([0, 1, 0, 0, 1]).mergedAll(merges) == [3, 4])
    }

    static let minimalModel = #""model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}"#

    /// Files tokenizers would refuse, or would read in a way evalbench does not follow: each is refused with a message
    /// naming the field, and none crashes.
    @Test(arguments: [
        (#"{"normalizer": null}"#, "missing field 'model'"),
        (#"{"model": {"type": "WordPiece", "vocab": {}}}"#, "model.type is 'WordPiece'"),
        (#"{"model": {"vocab": {}, "merges": []}}"#, "model.type is missing"),
        (#"{"model": {"type": "BPE", "merges": []}}"#, "model.vocab is missing"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}}}"#, "model.merges is missing"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}"#, "model.merges[0] ('a' 'b') needs 'ab'"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a c"]}}"#, "model.merges[0] ('a' 'c') needs 'c'"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b c"]}}"#, "model.merges[0] 'a b c' is not two tokens"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a"]]}}"#, "model.merges[0] is not a pair of tokens"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [7]}}"#, "model.merges.0"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 5000000000}, "merges": []}}"#, "model.vocab gives 'a' the id 5000000000, outside 0..<1"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 1e300}, "merges": []}}"#, "model.vocab gives 'a' the id 1e+300"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0.5}, "merges": []}}"#, "model.vocab gives 'a' the id 0.5"),
        (#"{"model": {"type": "BPE", "vocab": {"a": -1}, "merges": []}}"#, "model.vocab gives 'a' the id -1"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 7}, "merges": []}}"#, "model.vocab gives 'a' the id 7, outside 0..<1"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 0}, "merges": []}}"#, "model.vocab gives"),
        (#"{"model": {"type": "BPE", "vocab": {"a": "zero"}, "merges": []}}"#, "model.vocab.a"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "dropout": 0.1}}"#, "model.dropout is 0.1"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "unk_token": "<unk>"}}"#, "model.unk_token '<unk>' is not in model.vocab"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "continuing_subword_prefix": "@@"}}"#, "model.continuing_subword_prefix '@@'"),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "end_of_word_suffix": "</w>"}}"#, "model.end_of_word_suffix '</w>'"),
        (#"{\#(minimalModel), "pre_tokenizer": {"type": "Metaspace"}}"#,
         "pre_tokenizer type 'Metaspace' is not supported (ByteLevel, Split, Digits, Sequence are)"),
        (#"{\#(minimalModel), "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "ByteLevel"}, {"type": "Whitespace"}]}}"#,
         "pre_tokenizer.pretokenizers[1] type 'Whitespace' is not supported"),
        (#"{\#(minimalModel), "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated"}}"#,
         "pre_tokenizer.pattern.Regex '(unclosed' is not a regular expression"),
        (#"{\#(minimalModel), "pre_tokenizer": {"type": "Split", "pattern": {"String": ""}, "behavior": "Isolated"}}"#,
         "pre_tokenizer.pattern.String is empty"),
        (#"{\#(minimalModel), "pre_tokenizer": {"type": "Split", "pattern": {"Glob": "*"}, "behavior": "Isolated"}}"#,
         "pre_tokenizer.pattern has neither a String nor a Regex pattern"),
        (#"{\#(minimalModel), "pre_tokenizer": {"type": "Split", "pattern": {"String": "x"}, "behavior": "Sideways"}}"#,
         "pre_tokenizer.behavior"),
        (#"{\#(minimalModel), "normalizer": {"type": "BertNormalizer"}}"#, "normalizer type 'BertNormalizer' is not supported"),
        (#"{\#(minimalModel), "normalizer": {"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Precompiled"}]}}"#,
         "normalizer.normalizers[1] type 'Precompiled' is not supported"),
        (#"{\#(minimalModel), "normalizer": {"type": 3}}"#, "normalizer.type"),
        (#"{\#(minimalModel), "post_processor": {"type": "Unheard"}}"#, "post_processor type 'Unheard' is not supported"),
        (#"{\#(minimalModel), "post_processor": {"type": "RobertaProcessing", "cls": ["<s>", 0]}}"#, "post_processor RobertaProcessing needs both cls and sep"),
        (#"{\#(minimalModel), "post_processor": {"type": "BertProcessing", "cls": ["<s>", -4], "sep": ["</s>", 1]}}"#, "negative id -4"),
        (#"{\#(minimalModel), "post_processor": {"type": "BertProcessing", "cls": [0, "<s>"], "sep": ["</s>", 1]}}"#, "post_processor.cls"),
        (#"{\#(minimalModel), "added_tokens": [{"id": 9, "content": "<x>"}]}"#, "added_tokens[0] '<x>' has id 9, but tokenizers would give it 3"),
        (#"{\#(minimalModel), "added_tokens": [{"id": 3, "content": ""}]}"#, "added_tokens[0] has empty content"),
        (#"{\#(minimalModel), "added_tokens": {"id": 3}}"#, "added_tokens"),
        (#"[1, 2]"#, "is not a valid tokenizer file"),
        (#"{"model": "#, "not valid JSON"),
    ]) func hostileFilesAreRefused(_ json: String, _ message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-bpe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try json.write(to: folder.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        do {
            _ = try ByteLevelBPETokenizer(folder: folder)
            Issue.record("loaded \(json)")
        } catch let error as TokenizerError {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.description.contains(folder.path))
        }
    }

    @Test func aFolderWithoutTokenizerJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-bpe-none-\(UUID().uuidString)")
        #expect(throws: TokenizerError("\(folder.path) has no tokenizer.json")) { try ByteLevelBPETokenizer(folder: folder) }
    }
}
