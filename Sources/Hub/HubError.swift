/// A failure talking to the Hub or reading its cache, as one sentence naming the repository, file and what to do.
public struct HubError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
