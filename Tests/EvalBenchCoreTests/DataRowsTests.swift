import Foundation
import Testing
@testable import EvalBenchCore

/// The data formats the Hub's datasets come in, read row by row; damaged files are errors naming the file, never crashes.
struct DataRowsTests {
    func rows(_ name: String, _ content: Data) throws -> [[String: String]] {
        let folder = TemporaryFolder("rows")
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let file = folder.url.appendingPathComponent(name)
        try content.write(to: file)
        var rows: [[String: String]] = []
        try DataRows.forEach(file) { row in
            rows.append(row.object.mapValues { "\($0)" })
            return true
        }
        return rows
    }

    func gzip(_ text: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", "-n"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test func everyFormatGivesTheSameRows() throws {
        let expected = [["id": "1", "text": "a, \"quoted\"\nline"], ["id": "2", "text": "b"]]
        let jsonl = "{\"id\": \"1\", \"text\": \"a, \\\"quoted\\\"\\nline\"}\n{\"id\": \"2\", \"text\": \"b\"}\n"
        #expect(try rows("x.jsonl", Data(jsonl.utf8)) == expected)
        #expect(try rows("x.jsonl.gz", try gzip(jsonl)) == expected)
        // Two gzip members one after another, as `cat a.gz b.gz` makes.
        let halves = jsonl.split(separator: "\n").map { String($0) + "\n" }
        #expect(try rows("x.jsonl.gz", try gzip(halves[0]) + gzip(halves[1])) == expected)
        #expect(try rows("x.json", Data("[{\"id\": \"1\", \"text\": \"a, \\\"quoted\\\"\\nline\"}, {\"id\": \"2\", \"text\": \"b\"}]".utf8)) == expected)
        #expect(try rows("x.csv", Data("id,text\n1,\"a, \"\"quoted\"\"\nline\"\n2,b\n".utf8)) == expected)
        #expect(try rows("x.tsv", Data("id\ttext\r\n2\tb\r\n".utf8)) == [["id": "2", "text": "b"]])
    }

    @Test func damagedFilesAreErrorsNamingTheFile() throws {
        let cases: [(String, Data, String)] = [
            ("bad.csv", Data("a,b\n1,2,3\n".utf8), "bad.csv:2: 3 fields where the header has 2"),
            ("open.csv", Data("a,b\n1,\"2\n".utf8), "open.csv:2: a quoted field is never closed"),
            ("twice.tsv", Data("a\ta\n1\t2\n".utf8), "the header names a column twice"),
            ("list.json", Data("[1, 2]".utf8), "item 1 of the list is not a JSON object"),
            ("junk.jsonl.gz", Data("not gzip at all".utf8), "not valid gzip data"),
            ("data.xml", Data("<a/>".utf8), "not a data format evalbench reads"),
        ]
        for (name, content, message) in cases {
            #expect { try rows(name, content) } throws: { "\($0)".contains(message) }
        }
        let cut = try gzip(String(repeating: "{\"id\": \"1\"}\n", count: 200))
        #expect { try rows("cut.jsonl.gz", cut.prefix(cut.count / 2)) } throws: { "\($0)".contains("ends early") }
    }

    /// Deterministic byte mutations of a gzip file: each read either gives rows or throws EvalBenchError.
    @Test func mutatedGzipNeverCrashes() throws {
        let original = try gzip(String(repeating: "{\"id\": \"7\", \"text\": \"some words here\"}\n", count: 50))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<300 {
            var bytes = [UInt8](original)
            for _ in 0..<(1 + next() % 4) { bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next()) }
            do { _ = try rows("m.jsonl.gz", Data(bytes)) } catch is EvalBenchError {}
        }
    }
}
