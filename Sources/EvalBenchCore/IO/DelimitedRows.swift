import Foundation

/// CSV or TSV rows under a header line, as strings by column name: fields may be quoted (`"a, b"`, `""` for a quote,
/// line breaks inside quotes). A row with more or fewer fields than the header is an error naming its line.
enum DelimitedRows {
    static func forEach(_ url: URL, separator: Character, _ body: (JSONLines.Row) throws -> Bool) throws {
        var header: [String]?
        var fields: [String] = [], field = "", quoted = false, startLine = 0
        var going = true
        func finishRow(_ line: Int) throws {
            fields.append(field)
            field = ""
            defer { fields = [] }
            guard let names = header else {
                header = fields
                if Set(fields).count != fields.count { throw EvalBenchError("\(url.path):\(line): the header names a column twice") }
                return
            }
            if fields == [""] { return }  // a blank line
            guard fields.count == names.count else {
                throw EvalBenchError("\(url.path):\(startLine): \(fields.count) fields where the header has \(names.count)")
            }
            going = try body(JSONLines.Row(object: Dictionary(uniqueKeysWithValues: zip(names, fields.map { $0 as Any })), file: url.path, line: startLine))
        }
        try TextLines.forEach(url) { line, number in
            guard going else { return }
            if !quoted { startLine = number } else { field.append("\n") }
            var characters = line.makeIterator()
            var previousWasQuote = false
            while let character = characters.next() {
                if quoted {
                    if character == "\"" { quoted = false; previousWasQuote = true; continue }
                    field.append(character)
                } else if character == "\"" {
                    if previousWasQuote { field.append("\"") }
                    if field.isEmpty || previousWasQuote { quoted = true } else { field.append(character) }
                } else if character == separator {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
                previousWasQuote = false
            }
            if !quoted { try finishRow(number) }
        }
        if quoted { throw EvalBenchError("\(url.path):\(startLine): a quoted field is never closed") }
    }
}
