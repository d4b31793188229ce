/// Why a metric could not be computed: one sentence naming the input that was wrong and what to do.
public struct MetricsError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
