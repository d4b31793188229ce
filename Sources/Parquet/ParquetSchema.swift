/// The file's schema rebuilt as a tree: its leaf columns (in column-chunk order) and its top-level fields.
struct ParquetSchema {
    /// Deeper schemas are refused; this also keeps every level count within a byte.
    static let maxDepth = 32

    let leaves: [LeafColumn]
    let fields: [TopLevelField]

    init(_ elements: [SchemaElement]) throws {
        guard let root = elements.first else { throw ParquetError("the schema is empty") }
        var next = 1
        let tree = try Node.build(root, elements: elements, next: &next, depth: 0)
        guard next == elements.count else {
            throw ParquetError("the schema lists \(elements.count) elements but its tree uses \(next)")
        }
        var leaves: [LeafColumn] = []
        var fields: [TopLevelField] = []
        var names = Set<String>()
        for child in tree.children {
            guard names.insert(child.element.name).inserted else {
                throw ParquetError("two top-level fields are named '\(child.element.name)'")
            }
            let first = leaves.count
            child.collectLeaves(path: [], definition: 0, repetition: 0, into: &leaves)
            fields.append(TopLevelField(node: child, leaves: first..<leaves.count, allLeaves: leaves))
        }
        self.leaves = leaves
        self.fields = fields
    }
}

/// A schema element with its children.
struct Node {
    let element: SchemaElement
    let children: [Node]

    var repetition: Repetition { Repetition(rawValue: element.repetition ?? 0) ?? .required }

    static func build(_ element: SchemaElement, elements: [SchemaElement], next: inout Int, depth: Int) throws -> Node {
        guard depth < ParquetSchema.maxDepth else {
            throw ParquetError("the schema nests deeper than \(ParquetSchema.maxDepth) levels")
        }
        let count = Int(element.numChildren ?? 0)
        guard count > 0 else {
            guard count == 0, element.type != nil else {
                throw ParquetError("schema element '\(element.name)' has neither a type nor children")
            }
            return Node(element: element, children: [])
        }
        var children: [Node] = []
        for index in 0..<count {
            guard next < elements.count else {
                throw ParquetError("schema element '\(element.name)' claims \(count) children but the schema ends after \(index)")
            }
            let child = elements[next]
            next += 1
            if let raw = child.repetition, Repetition(rawValue: raw) == nil {
                throw ParquetError("schema element '\(child.name)' has unknown repetition \(raw)")
            }
            children.append(try build(child, elements: elements, next: &next, depth: depth + 1))
        }
        return Node(element: element, children: children)
    }

    func collectLeaves(path: [String], definition: Int, repetition: Int, into leaves: inout [LeafColumn]) {
        let path = path + [element.name]
        let definition = definition + (self.repetition == .required ? 0 : 1)
        let repetition = repetition + (self.repetition == .repeated ? 1 : 0)
        if children.isEmpty {
            leaves.append(LeafColumn(element, path: path, maxDefinitionLevel: definition, maxRepetitionLevel: repetition))
        }
        for child in children {
            child.collectLeaves(path: path, definition: definition, repetition: repetition, into: &leaves)
        }
    }
}

/// A primitive column: its path, physical type, and the highest definition and repetition levels on its path.
struct LeafColumn {
    let path: [String]
    let physicalType: PhysicalType?
    let typeLength: Int
    let isString: Bool
    let maxDefinitionLevel: UInt8
    let maxRepetitionLevel: UInt8

    init(_ element: SchemaElement, path: [String], maxDefinitionLevel: Int, maxRepetitionLevel: Int) {
        self.path = path
        physicalType = element.type.flatMap(PhysicalType.init(rawValue:))
        typeLength = Int(element.typeLength ?? 0)
        isString = element.isString
        self.maxDefinitionLevel = UInt8(maxDefinitionLevel)
        self.maxRepetitionLevel = UInt8(maxRepetitionLevel)
    }

    var dottedPath: String { path.joined(separator: ".") }

    /// Why this reader cannot decode the column, or nil when it can.
    var unsupportedReason: String? {
        guard let physicalType else { return "its physical type is unknown" }
        switch physicalType {
        case .int96: return "its type INT96 (a legacy timestamp) is not supported"
        case .fixedLenByteArray where typeLength < 1: return "it is FIXED_LEN_BYTE_ARRAY without a positive type_length"
        default: return nil
        }
    }
}

/// One step from a top-level field down to its leaf that can end a value early: a null, or a list.
enum AssemblyStep {
    /// An optional node: entries whose definition level is below `definitionLevel` are null here.
    case optional(definitionLevel: UInt8)
    /// A repeated node making a list: below `definitionLevel` the list is empty; a repetition level equal
    /// to `repetitionLevel` starts its next element.
    case repeated(definitionLevel: UInt8, repetitionLevel: UInt8)
}

/// A top-level field: its name, its leaves, and how its values are rebuilt from its one leaf (or why they cannot be).
struct TopLevelField {
    let name: String
    let leaves: Range<Int>
    /// The steps from the field to its leaf, or the sentence explaining why the field is refused.
    let plan: Result<[AssemblyStep], ParquetError>

    init(node: Node, leaves: Range<Int>, allLeaves: [LeafColumn]) {
        name = node.element.name
        self.leaves = leaves
        do throws(ParquetError) {
            guard leaves.count == 1 else {
                throw ParquetError("it is a struct or map with \(leaves.count) leaf columns; only primitive and list columns are supported")
            }
            if let reason = allLeaves[leaves.lowerBound].unsupportedReason { throw ParquetError(reason) }
            var steps: [AssemblyStep] = []
            var definition = 0, repetition = 0
            try Self.appendSteps(for: node, definition: &definition, repetition: &repetition, into: &steps)
            plan = .success(steps)
        } catch {
            plan = .failure(error)
        }
    }

    /// The node's own step (if it is optional or repeated), then those of its contents.
    private static func appendSteps(for node: Node, definition: inout Int, repetition: inout Int, into steps: inout [AssemblyStep]) throws(ParquetError) {
        switch node.repetition {
        case .required: break
        case .optional:
            definition += 1
            steps.append(.optional(definitionLevel: UInt8(definition)))
        case .repeated:
            definition += 1
            repetition += 1
            steps.append(.repeated(definitionLevel: UInt8(definition), repetitionLevel: UInt8(repetition)))
        }
        try appendContentSteps(for: node, definition: &definition, repetition: &repetition, into: &steps)
    }

    /// The steps inside a node: none for a primitive; for a LIST group, its repeated child and that child's element.
    private static func appendContentSteps(for node: Node, definition: inout Int, repetition: inout Int, into steps: inout [AssemblyStep]) throws(ParquetError) {
        guard !node.children.isEmpty else { return }
        guard node.element.isList, !node.element.isMap else {
            throw ParquetError("it is a \(node.element.isMap ? "map" : "struct"); only primitive and list columns are supported")
        }
        guard node.children.count == 1, let repeatedChild = node.children.first, repeatedChild.repetition == .repeated else {
            throw ParquetError("its LIST annotation does not wrap exactly one repeated field")
        }
        definition += 1
        repetition += 1
        steps.append(.repeated(definitionLevel: UInt8(definition), repetitionLevel: UInt8(repetition)))
        let name = repeatedChild.element.name
        let isThreeLevel = repeatedChild.children.count == 1 && name != "array" && name != node.element.name + "_tuple"
        if isThreeLevel {
            try appendSteps(for: repeatedChild.children[0], definition: &definition, repetition: &repetition, into: &steps)
        } else {
            try appendContentSteps(for: repeatedChild, definition: &definition, repetition: &repetition, into: &steps)
        }
    }
}
