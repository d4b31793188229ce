/// A malformed or unsupported file, with the file path and what was expected.
public struct ParquetError: Error, CustomStringConvertible, Sendable {
    /// The file that was being read.
    public internal(set) var path: String
    /// Where in the file the problem is ("column 'text', row group 3, data page at offset 1234"), or "" for the file as a whole.
    public internal(set) var location: String
    /// What was wrong, and what was expected instead.
    public let message: String

    init(_ message: String, path: String = "", location: String = "") {
        self.message = message
        self.path = path
        self.location = location
    }

    public var description: String {
        let whereInFile = location.isEmpty ? "" : location + ": "
        return "\(path.isEmpty ? "parquet" : path): \(whereInFile)\(message)"
    }

    /// The same error, placed at `location` unless a more precise place is already recorded.
    func located(_ location: String) -> ParquetError {
        var copy = self
        if copy.location.isEmpty { copy.location = location }
        return copy
    }
}

/// Runs `body`, giving any error it throws the `location` it happened at (unless a closer one is known).
func within<T>(_ location: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ParquetError {
        throw error.located(location())
    }
}
