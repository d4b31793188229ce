import Foundation

/// Reads JSONL files one object per line; every error names the file and line.
public enum JSONLines {
    /// One parsed line: the object and where it came from, for error messages.
    public struct Row {
        public let object: [String: Any]
        public let file: String
        public let line: Int

        /// The string field `key`, or an error naming file, line and field.
        public func string(_ key: String) throws -> String {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            if let text = value as? String { return text }
            if let number = value as? NSNumber, !number.isBoolean { return number.stringValue }
            throw EvalBenchError("\(file):\(line): field '\(key)' is not a string")
        }

        /// The numeric field `key`.
        public func number(_ key: String) throws -> Double {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            if let number = value as? NSNumber, !number.isBoolean { return number.doubleValue }
            if let text = value as? String, let number = Double(text) { return number }
            throw EvalBenchError("\(file):\(line): field '\(key)' is not a number")
        }

        /// The list-of-strings field `key`.
        public func strings(_ key: String) throws -> [String] {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            guard let list = value as? [Any], let texts = list as? [String] else {
                throw EvalBenchError("\(file):\(line): field '\(key)' is not a list of strings")
            }
            return texts
        }
    }

    public static func read(_ url: URL, limit: Int? = nil) throws -> [Row] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw EvalBenchError("\(url.path) does not exist") }
        guard let content = try? String(contentsOf: url, encoding: .utf8) else {
            throw EvalBenchError("\(url.path) cannot be read as UTF-8 text")
        }
        var rows: [Row] = []
        var number = 0
        for line in content.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if let limit, rows.count >= limit { break }
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw EvalBenchError("\(url.path):\(number): not a JSON object")
            }
            rows.append(Row(object: object, file: url.path, line: number))
        }
        return rows
    }
}

extension NSNumber {
    /// Whether JSON had `true`/`false` here (`is Bool` also holds for the numbers 0 and 1 on Linux).
    var isBoolean: Bool { String(cString: objCType) == "c" }
}
