/// Why a metric could not be computed: one sentence naming the input that was wrong.
public struct MetricsError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
