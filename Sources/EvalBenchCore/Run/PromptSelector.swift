/// Chooses the prompt for a task and role the way mteb and sentence-transformers do: a task's own `prompt_names`
/// and the command line's choices first; then the first of `TASK-role`, `TASK`, `TYPE-role`, `TYPE` that the model
/// declares; then, for queries, the `query` prompt, for documents the first of `document`, `passage`, `corpus`
/// (sentence-transformers' encode_query and encode_document); for symmetric texts the model's `default_prompt_name`
/// (sentence-transformers' encode with no prompt).
public struct PromptSelector: Sendable {
    /// What the user asked for on the command line.
    public enum Override: Sendable, Equatable {
        case none
        /// `--no-prompts`: never prepend anything.
        case disabled
        /// `--prompt-name`: this declared prompt for every role.
        case name(String)
        /// `--prompt`: this literal text for every role.
        case text(String)
    }

    /// A chosen prompt: its name (nil for a literal) and text.
    public struct Choice: Equatable, Sendable, Codable {
        public var name: String?
        public var text: String
    }

    public let prompts: [String: String]
    public let defaultPromptName: String?
    public let override: Override

    public init(prompts: [String: String], defaultPromptName: String? = nil, override: Override = .none) {
        self.prompts = prompts
        self.defaultPromptName = defaultPromptName
        self.override = override
    }

    /// The prompt for `role` of `task`, or nil for none (an empty prompt is none, as in sentence-transformers).
    public func choose(task: TaskDefinition, role: TaskRole) throws -> Choice? {
        let choice = try chosen(task: task, role: role)
        return choice?.text.isEmpty == true ? nil : choice
    }

    func chosen(task: TaskDefinition, role: TaskRole) throws -> Choice? {
        switch override {
        case .disabled: return nil
        case .text(let text): return Choice(name: nil, text: text)
        case .name(let name):
            guard let text = prompts[name] else { throw EvalBenchError("the model has no prompt named '\(name)'") }
            return Choice(name: name, text: text)
        case .none: break
        }
        let type = role.promptType
        if let type, let name = task.prompt_names?[type] {
            guard let text = prompts[name] else {
                throw EvalBenchError("task \(task.name) names prompt '\(name)' for \(type), which the model does not declare")
            }
            return Choice(name: name, text: text)
        }
        var candidates: [String] = []
        if let type { candidates.append("\(task.name)-\(type)") }
        candidates.append(task.name)
        if let type { candidates.append("\(task.type)-\(type)") }
        candidates.append(task.type)
        switch role.promptType {
        case "query": candidates.append("query")
        case "document": candidates += ["document", "passage", "corpus"]
        default: defaultPromptName.map { candidates.append($0) }
        }
        for name in candidates { if let text = prompts[name] { return Choice(name: name, text: text) } }
        return nil
    }
}
