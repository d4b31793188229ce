import Foundation

/// The rows of a data file in any format the Hub's datasets come in, each as a JSON-like object with the file and
/// row number for errors: JSON lines (`.jsonl`, `.jsonl.gz`), a JSON list of objects (`.json`, `.json.gz`; JSON lines
/// under that name too, as the `datasets` library allows), CSV and TSV with a header line, and Parquet.
public enum DataRows {
    /// Calls `body` with each row in order until it returns false. `columns`, when given, names the columns wanted:
    /// a Parquet file decodes only those (the other formats hold whole rows anyway).
    public static func forEach(_ url: URL, columns: Set<String>? = nil, _ body: (JSONLines.Row) throws -> Bool) throws {
        let name = url.lastPathComponent.lowercased()
        let plain = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
        if plain.hasSuffix(".jsonl") { return try JSONLines.forEach(url, body) }
        if plain.hasSuffix(".json") { return try jsonList(url, body) }
        if plain.hasSuffix(".csv") { return try DelimitedRows.forEach(url, separator: ",", body) }
        if plain.hasSuffix(".tsv") { return try DelimitedRows.forEach(url, separator: "\t", body) }
        if plain.hasSuffix(".parquet") { return try ParquetRows.forEach(url, columns: columns, body) }
        throw EvalBenchError("\(url.path): not a data format evalbench reads (jsonl, jsonl.gz, json, csv, tsv, parquet)")
    }

    /// A `.json` file: a list of objects, or JSON lines.
    static func jsonList(_ url: URL, _ body: (JSONLines.Row) throws -> Bool) throws {
        var text = Data()
        let chunks = try ByteChunks(url)
        while true {
            let chunk = try chunks.next()
            if chunk.isEmpty { break }
            text.append(chunk)
            guard text.count <= 1 << 31 else { throw EvalBenchError("\(url.path): a JSON list over 2 GiB; give it as JSON lines") }
        }
        let start = text.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        guard start == UInt8(ascii: "[") else { return try JSONLines.forEach(url, body) }
        guard let list = try? JSONSerialization.jsonObject(with: text) as? [Any] else {
            throw EvalBenchError("\(url.path): not a JSON list")
        }
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else { throw EvalBenchError("\(url.path): item \(index + 1) of the list is not a JSON object") }
            if try !body(JSONLines.Row(object: object, file: url.path, line: index + 1)) { return }
        }
    }
}
