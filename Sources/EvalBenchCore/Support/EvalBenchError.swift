/// An error of the evaluation layer, with one sentence saying what was wrong, where, and what to do.
public struct EvalBenchError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
