import Foundation

/// Reads JSONL files one object per line; every error names the file and line.
public enum JSONLines {
    /// One parsed line: the object and where it came from, for error messages.
    public struct Row {
        public let object: [String: Any]
        public let file: String
        public let line: Int

        /// The text field `key` (a JSON string: a number or a list where a text belongs is an error, not a text), or an
        /// error naming file, line and field.
        public func string(_ key: String) throws -> String {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            guard let text = value as? String else { throw EvalBenchError("\(file):\(line): field '\(key)' is not a string") }
            return text
        }

        /// The text field `key`, or nil when it is absent or null.
        public func optionalString(_ key: String) throws -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            return try string(key)
        }

        /// The id or label field `key`: a string, or a whole JSON number (datasets store ids and labels as either),
        /// as its decimal text.
        public func identifier(_ key: String) throws -> String {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            if let text = value as? String { return text }
            if let number = value as? NSNumber, !number.isBoolean, let whole = Int64(exactly: number.doubleValue) { return String(whole) }
            throw EvalBenchError("\(file):\(line): field '\(key)' is not a string or a whole number")
        }

        /// The numeric field `key`: a finite JSON number, or a string holding one.
        public func number(_ key: String) throws -> Double {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            var number: Double?
            if let value = value as? NSNumber, !value.isBoolean { number = value.doubleValue }
            if let text = value as? String { number = Double(text.trimmingCharacters(in: .whitespaces)) }
            guard let number, number.isFinite else { throw EvalBenchError("\(file):\(line): field '\(key)' is not a finite number") }
            return number
        }

        /// The list-of-numbers field `key`, each a finite JSON number.
        public func numbers(_ key: String) throws -> [Double] {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            guard let list = value as? [Any] else { throw EvalBenchError("\(file):\(line): field '\(key)' is not a list of numbers") }
            return try list.map { item in
                guard let number = item as? NSNumber, !number.isBoolean, number.doubleValue.isFinite else {
                    throw EvalBenchError("\(file):\(line): field '\(key)' holds an item that is not a finite number")
                }
                return number.doubleValue
            }
        }

        /// The list field `key` of ids or labels, each a string or a whole JSON number (as its decimal text).
        public func identifiers(_ key: String) throws -> [String] {
            guard let value = object[key] else { throw EvalBenchError("\(file):\(line): missing field '\(key)'") }
            guard let list = value as? [Any] else { throw EvalBenchError("\(file):\(line): field '\(key)' is not a list") }
            return try list.map { item in
                if let text = item as? String { return text }
                if let number = item as? NSNumber, !number.isBoolean, let whole = Int64(exactly: number.doubleValue) { return String(whole) }
                throw EvalBenchError("\(file):\(line): field '\(key)' holds an item that is not a string or a whole number")
            }
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
        var rows: [Row] = []
        try forEach(url) { row in
            if let limit, rows.count >= limit { return false }
            rows.append(row)
            return true
        }
        return rows
    }

    /// Calls `body` with each object in order, a line at a time (blank lines skipped), until it returns false.
    public static func forEach(_ url: URL, _ body: (Row) throws -> Bool) throws {
        var going = true
        try TextLines.forEach(url) { line, number in
            guard going, !line.allSatisfy(\.isWhitespace) else { return }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw EvalBenchError("\(url.path):\(number): not a JSON object")
            }
            going = try body(Row(object: object, file: url.path, line: number))
        }
    }
}

extension NSNumber {
    /// Whether JSON had `true`/`false` here (`is Bool` also holds for the numbers 0 and 1 on Linux).
    var isBoolean: Bool { String(cString: objCType) == "c" }
}
