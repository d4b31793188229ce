/// Chooses the prompt for a task and role the way MTEB does: the first of `TASK-role`, `TASK`,
/// `TYPE-role`, `TYPE`, then `role` that the model declares. A task's own `prompt_names` and the
/// command line's choices come first.
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
    public let override: Override

    public init(prompts: [String: String], override: Override = .none) {
        self.prompts = prompts
        self.override = override
    }

    /// The prompt for `role` (`query`, `document`, or nil for symmetric tasks) of `task`, or nil for none.
    public func choose(task: TaskDefinition, role: String?) throws -> Choice? {
        switch override {
        case .disabled: return nil
        case .text(let text): return Choice(name: nil, text: text)
        case .name(let name):
            guard let text = prompts[name] else { throw EvalBenchError("the model has no prompt named '\(name)'") }
            return Choice(name: name, text: text)
        case .none: break
        }
        if let role, let name = task.prompt_names?[role] {
            guard let text = prompts[name] else {
                throw EvalBenchError("task \(task.name) names prompt '\(name)' for \(role), which the model does not declare")
            }
            return Choice(name: name, text: text)
        }
        var candidates: [String] = []
        if let role { candidates.append("\(task.name)-\(role)") }
        candidates.append(task.name)
        if let role { candidates.append("\(task.type.rawValue)-\(role)") }
        candidates.append(task.type.rawValue)
        if let role { candidates.append(role) }
        for name in candidates { if let text = prompts[name] { return Choice(name: name, text: text) } }
        return nil
    }
}
