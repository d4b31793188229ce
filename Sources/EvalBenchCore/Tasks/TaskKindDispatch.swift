/// The calls that take a task's kind as the concrete type it is: a method on the `any TaskKind` a definition holds
/// opens it, so the generic code behind it sees the kind's own `Options` and `Examples`.
extension TaskKind {
    /// The kind fits the definition: its format, its options' ranges, its main metric.
    func validate(in task: TaskDefinition) throws {
        guard Self.formats.contains(task.format) else {
            throw EvalBenchError("format '\(task.format.rawValue)' does not fit a \(task.type) task; it reads "
                + Self.formats.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        do { try options.validate() } catch let error as EvalBenchError { throw EvalBenchError("evaluation: \(error.description)") }
        guard metrics.contains(task.main_score) else {
            throw EvalBenchError("main_score '\(task.main_score)' is not a metric a \(task.type) task reports with these options; it reports "
                + metrics.sorted().joined(separator: ", "))
        }
    }

    func size(of task: TaskDefinition, split: String, loader: TaskLoader) throws -> String {
        try loader.load(task, kind: self, split: split).size
    }

    public func run(_ task: TaskDefinition, split: String, runner: Runner) throws -> [TaskResult] {
        try runner.run(task, kind: self, split: split)
    }

    func agreement(of task: TaskDefinition, split: String, comparison: BackendComparison, runners: [Runner],
                   into report: inout ComparisonReport.TaskComparison) throws {
        try comparison.agreement(task, kind: self, split: split, runners: runners, into: &report)
    }
}
