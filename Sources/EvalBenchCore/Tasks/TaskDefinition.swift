import Foundation

/// A task as declared in `Tasks/NAME.json`: metadata, where its data is, and its kind with that kind's options.
/// Metadata is data, not code: adding a task means adding a file. Decoding is strict: an unknown key, at the top or
/// in `evaluation`, is an error listing the valid ones, and names that become paths or fields are checked.
public struct TaskDefinition: Decodable, Sendable {
    /// How the task's files are laid out, by the name a task file gives (`beir`). Each kind declares the layouts it
    /// reads, in its own file, so a kind with a new layout touches no other file.
    public struct Format: RawRepresentable, Codable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// Where the data lives: a folder bundled beside the definition, or a dataset folder the user supplies, or a
    /// dataset repository on the Hub (used when the user supplies no folder).
    public struct DataSource: Codable, Equatable, Sendable {
        /// Folder relative to the task definitions folder (bundled data).
        public var path: String?
        /// Folder name looked up under `--data-dir` / `EVALBENCH_DATA`.
        public var dataset: String?
        /// The Hub dataset and which of its configs and splits become the files the kind reads.
        public var hub: HubSource?
    }

    public var name: String
    /// MTEB's task type, the kind's `typeName`.
    public var type: String
    public var description: String
    public var domains: [String]?
    public var languages: [String]?
    public var data: DataSource
    public var format: Format
    public var splits: [String]
    public var main_score: String
    /// Prompt names per role (`query`, `document`), overriding MTEB's prompt selection order.
    public var prompt_names: [String: String]?
    /// Suites this task belongs to (`default` is what `make run` evaluates).
    public var suites: [String]?
    /// Where a user gets the data, for the error when it is missing.
    public var source: String?
    /// Why evalbench cannot evaluate the task yet (a benchmark member it lists but refuses to run); nil when it can.
    public var unsupported: String?
    /// The kind, holding the options decoded from `evaluation`.
    public var kind: any TaskKind

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type, description, domains, languages, data, format, splits, main_score, prompt_names, evaluation, suites, source, unsupported
    }

    public init(from decoder: Swift.Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue), in: "the task definition")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(String.self, forKey: .type)
        description = try container.decode(String.self, forKey: .description)
        domains = try container.decodeIfPresent([String].self, forKey: .domains)
        languages = try container.decodeIfPresent([String].self, forKey: .languages)
        data = try container.decode(DataSource.self, forKey: .data)
        format = try container.decode(Format.self, forKey: .format)
        splits = try container.decode([String].self, forKey: .splits)
        main_score = try container.decode(String.self, forKey: .main_score)
        prompt_names = try container.decodeIfPresent([String: String].self, forKey: .prompt_names)
        suites = try container.decodeIfPresent([String].self, forKey: .suites)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        unsupported = try container.decodeIfPresent(String.self, forKey: .unsupported)
        guard let kindType = TaskKinds.named(type) else {
            throw EvalBenchError("type '\(type)' is not a task type evalbench knows (\(TaskKinds.all.map { $0.typeName }.joined(separator: ", ")))")
        }
        kind = try Self.kind(kindType, from: container)
    }

    /// The kind with its options from `evaluation`, every key known.
    static func kind<K: TaskKind>(_ type: K.Type, from container: KeyedDecodingContainer<CodingKeys>) throws -> K {
        guard container.contains(.evaluation) else { return K(options: K.Options()) }
        try StrictKeys.check(try container.superDecoder(forKey: .evaluation), allowed: K.Options.keys, in: "'evaluation' of a \(K.typeName) task")
        return K(options: try container.decode(K.Options.self, forKey: .evaluation))
    }

    /// The task's main metric is one its kind reports, its options are in range, and its name and splits can become
    /// file names and result fields.
    func validate() throws {
        try Self.checkName(name, "name")
        for split in splits { try Self.checkName(split, "split '\(split)'") }
        guard (data.path == nil) != (data.dataset == nil && data.hub == nil) else {
            throw EvalBenchError("'data' needs either 'path' (bundled) or 'dataset' (user-supplied) and/or 'hub'")
        }
        try data.hub?.validate()
        guard !splits.isEmpty else { throw EvalBenchError("'splits' is empty") }
        guard Set(splits).count == splits.count else { throw EvalBenchError("'splits' names a split twice") }
        if format == .questionPassage, splits.count != 1 {
            throw EvalBenchError("'splits' names \(splits.count) splits, but a question-passage file is one split: name the one its results are filed under")
        }
        // A task evalbench cannot evaluate may name a main score its kind does not report (mteb's own).
        if unsupported == nil { try kind.validate(in: self) }
    }


    /// A name that becomes a file name or a result field: letters, digits and `._-+()`, at most 200 characters, not
    /// starting with a dot.
    static func checkName(_ value: String, _ what: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+()")
        guard !value.isEmpty, value.count <= 200, !value.hasPrefix("."), value.allSatisfy(allowed.contains) else {
            throw EvalBenchError("\(what) must be 1 to 200 letters, digits or ._-+() not starting with a dot (it becomes a file name); got "
                + String(value.prefix(60)).debugDescription + (value.count > 60 ? "…" : ""))
        }
    }
}

/// Refuses keys a decoder's object holds beyond `allowed`, listing the valid ones (Codable ignores them silently).
enum StrictKeys {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func check(_ decoder: Swift.Decoder, allowed: [String], in place: String) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { !allowed.contains($0) }) {
            throw EvalBenchError("unknown key '\(unknown)' in \(place); valid keys: \(allowed.joined(separator: ", "))")
        }
    }
}

/// Checks of one option's value, each throwing a sentence naming the option.
enum OptionCheck {
    static func range<T: Comparable>(_ value: T?, _ bounds: ClosedRange<T>, _ name: String) throws {
        if let value, !bounds.contains(value) { throw EvalBenchError("\(name) must be between \(bounds.lowerBound) and \(bounds.upperBound), got \(value)") }
    }
}
