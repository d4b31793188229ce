import Foundation

/// What one `evalbench run` evaluates and where it writes.
public struct RunConfiguration {
    public var tasks: [TaskDefinition]
    /// Matryoshka dimensions; each must not exceed the model's.
    public var dimensions: [Int]
    public var precisions: [Precision]
    /// Binary retrieval: rescore the top k × `rescoreMultiplier` Hamming candidates with the float32 query.
    public var rescore: Bool
    public var rescoreMultiplier = 2
    public var output: URL
    /// Evaluate at most this many queries / pairs / texts per task (a quick look, not a comparable score).
    public var limit: Int?
    public var prompts: PromptSelector.Override
    public var threads: Int
    /// How each task's encoding progress is shown on stderr.
    public var progress: ProgressReporter.Style
    /// Stream every BEIR corpus (read, encode and search it a block at a time) instead of only those of at least
    /// `streamingThreshold` bytes.
    public var streamCorpus = false
    /// Corpus texts per encoder call (fewer when they reach `streamChunkBytes` of text first), and corpus rows per
    /// search block, when streaming.
    public var streamChunk = 8192
    public var streamChunkBytes = 8 << 20
    public var streamBlockRows = 65536
    /// A corpus file this large is streamed whatever `streamCorpus` says.
    public static let streamingThreshold = 512 << 20

    public init(tasks: [TaskDefinition], dimensions: [Int], precisions: [Precision], rescore: Bool, output: URL,
                limit: Int? = nil, prompts: PromptSelector.Override = .none, threads: Int = 1, progress: ProgressReporter.Style = .automatic) {
        self.tasks = tasks
        self.dimensions = dimensions
        self.precisions = precisions
        self.rescore = rescore
        self.output = output
        self.limit = limit
        self.prompts = prompts
        self.threads = threads
        self.progress = progress
    }
}
