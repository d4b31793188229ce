import Foundation

extension DecodingError {
    /// One sentence for a user: the JSON field path and what was wrong with it. Shared by every module
    /// that reads a JSON file (tokenizers, model folders, task definitions).
    public var summary: String {
        func path(_ c: Context) -> String {
            c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, let c):
            let prefix = path(c)
            return "missing field '\(prefix.isEmpty ? "" : prefix + ".")\(key.stringValue)'"
        case .typeMismatch(let type, let c): return "field '\(path(c))' is not a \(type)"
        case .valueNotFound(let type, let c): return "field '\(path(c))' is null, expected a \(type)"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not valid JSON" : "field '\(path(c))': \(c.debugDescription)"
        @unknown default: return "\(self)"
        }
    }
}
