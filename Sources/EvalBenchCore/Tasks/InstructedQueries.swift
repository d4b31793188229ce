import Foundation

/// queries.jsonl rows {_id, text, instruction} as mteb joins them for instruction tasks: the instruction appended to
/// the query text after a space (`_combine_queries_with_instruction_text`), the text alone when the instruction is
/// absent or null. Ids are unique; each query keeps its line for error messages.
enum InstructedQueries {
    static func read(_ url: URL) throws -> [(id: String, text: String, line: Int)] {
        var queries: [(id: String, text: String, line: Int)] = [], ids = Set<String>()
        for row in try JSONLines.read(url) {
            let id = try row.identifier("_id")
            guard ids.insert(id).inserted else { throw EvalBenchError("\(row.file):\(row.line): duplicate query id '\(id)'") }
            let text = try row.string("text")
            queries.append((id, try row.optionalString("instruction").map { text + " " + $0 } ?? text, row.line))
        }
        return queries
    }
}
