import Foundation
import Testing
@testable import EvalBenchCore

/// How a Hub mapping turns rows into the kind's file: alternatives, optional columns, filters, exploded lists, limits
/// and row ids; a row lacking a required column is an error naming the file, the row and the columns it has.
struct HubMappingTests {
    func mapping(_ json: String) throws -> HubSource.FileMapping {
        try JSONDecoder().decode(HubSource.FileMapping.self, from: Data(json.utf8))
    }

    func written(_ mapping: HubSource.FileMapping, rows: String, name: String = "out.jsonl") throws -> [String] {
        let folder = TemporaryFolder("mapping")
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let source = folder.url.appendingPathComponent("rows.jsonl")
        try Data(rows.utf8).write(to: source)
        let target = folder.url.appendingPathComponent(name)
        try HubData(client: .init(), cacheFolder: folder.url).write(mapping, from: ["rows.jsonl"], to: target) { _ in source }
        return try TextLines.read(target)
    }

    @Test func pairListsBecomeOneRowPerPairWithTheirAlternativeNames() throws {
        let pairs = try mapping(#"{"file": "test.jsonl", "split": "test", "columns": ["sentence1", "sentence2", "label"], "explode": true,"#
            + #" "rename": {"sentence1": "sentence1|sent1", "sentence2": "sentence2|sent2", "label": "labels|label"}}"#)
        let lines = try written(pairs, rows: #"{"sent1": ["a", "b"], "sent2": ["c", "d"], "labels": [1, 0]}"# + "\n")
        #expect(lines == [#"{"label":1,"sentence1":"a","sentence2":"c"}"#, #"{"label":0,"sentence1":"b","sentence2":"d"}"#])
        #expect { try written(pairs, rows: #"{"sent1": ["a", "b"], "sent2": ["c"], "labels": [1, 0]}"# + "\n") } throws: {
            "\($0)".contains("rows.jsonl:1: the list columns labels, sent1, sent2 differ in length")
        }
    }

    @Test func filtersOptionalColumnsLimitsAndRowIds() throws {
        let rows = #"{"lang": "de", "text": "x"}"# + "\n" + #"{"lang": "en", "text": "a", "title": "T"}"# + "\n"
            + #"{"lang": "en", "text": "b"}"# + "\n" + #"{"lang": "en", "text": "c"}"# + "\n"
        let corpus = try mapping(#"{"file": "c.jsonl", "split": "test", "columns": ["_id", "title", "text"], "optional": ["title"],"#
            + #" "filter": {"lang": "en"}, "limit": 2, "row_id": ["_id"]}"#)
        #expect(try written(corpus, rows: rows) == [#"{"_id":"test-0","text":"a","title":"T"}"#, #"{"_id":"test-1","text":"b"}"#])
        let qrels = try mapping(#"{"file": "q.tsv", "split": "test", "columns": ["text", "lang"]}"#)
        #expect(try written(qrels, rows: rows, name: "q.tsv") == ["text\tlang", "x\tde", "a\ten", "b\ten", "c\ten"])
        let strict = try mapping(#"{"file": "c.jsonl", "split": "test", "columns": ["_id", "text"], "rename": {"_id": "_id|id"}}"#)
        #expect { try written(strict, rows: rows) } throws: { "\($0)".contains("rows.jsonl:1: no column '_id' or 'id' (columns: lang, text)") }
    }

    @Test func badMappingsAreRefusedWhenTheTaskIsRead() throws {
        #expect { try mapping(#"{"file": "a.jsonl", "split": "test", "colums": []}"#) } throws: { "\($0)".contains("unknown key 'colums'") }
        let base = #"{"repo": "org/name", "revision": "main", "files": [%@]}"#
        for (entry, message) in [(#"{"file": "../x.jsonl"}"#, "must be a relative path"), (#"{"file": "x.tsv"}"#, "must end in .jsonl, or in .tsv with 'columns'"),
                                 (#"{"file": "x.jsonl", "limit": 0}"#, "limit must be between")] {
            let source = try JSONDecoder().decode(HubSource.self, from: Data(base.replacingOccurrences(of: "%@", with: entry).utf8))
            #expect { try source.validate() } throws: { "\($0)".contains(message) }
        }
    }
}
