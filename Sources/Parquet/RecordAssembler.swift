/// Rebuilds a top-level column's cells from its leaf's levels and values (record assembly for nulls and lists).
///
/// Every entry is consumed by exactly one step (a null, an empty list, or a value), so the walk ends;
/// levels that do not fit the schema, or counts that disagree with the row group, are errors.
struct RecordAssembler {
    private let data: LeafColumnData
    private let steps: [AssemblyStep]
    private let maxDefinition: UInt8
    private let entryCount: Int
    private var entry = 0
    private var value = 0

    /// The `rowCount` cells of one column.
    static func assemble(_ data: LeafColumnData, steps: [AssemblyStep], maxDefinitionLevel: UInt8, rowCount: Int) throws -> [ParquetValue] {
        if steps.isEmpty {
            guard data.values.count == rowCount else {
                throw ParquetError("required column has \(data.values.count) values for \(rowCount) rows")
            }
            return data.values
        }
        var assembler = RecordAssembler(data: data, steps: steps, maxDefinition: maxDefinitionLevel,
                                        entryCount: data.definitionLevels.count)
        guard data.repetitionLevels.isEmpty || data.repetitionLevels.count == assembler.entryCount else {
            throw ParquetError("column has \(data.repetitionLevels.count) repetition levels but \(assembler.entryCount) definition levels")
        }
        var cells: [ParquetValue] = []
        cells.reserveCapacity(min(rowCount, assembler.entryCount))
        for row in 0..<rowCount {
            guard assembler.entry < assembler.entryCount else {
                throw ParquetError("column has entries for \(row) rows but the row group has \(rowCount)")
            }
            guard assembler.repetition(at: assembler.entry) == 0 else {
                throw ParquetError("row \(row) starts with repetition level \(assembler.repetition(at: assembler.entry)), not 0")
            }
            cells.append(try assembler.cell(step: 0))
        }
        guard assembler.entry == assembler.entryCount, assembler.value == data.values.count else {
            throw ParquetError("column has more entries (\(assembler.entryCount)) or values (\(data.values.count)) than its \(rowCount) rows use")
        }
        return cells
    }

    private func repetition(at index: Int) -> UInt8 {
        data.repetitionLevels.isEmpty ? 0 : data.repetitionLevels[index]
    }

    /// The value made by `steps[step...]` starting at the current entry.
    private mutating func cell(step: Int) throws -> ParquetValue {
        guard entry < entryCount else { throw ParquetError("column levels end in the middle of a row") }
        let definition = data.definitionLevels[entry]
        guard step < steps.count else {
            guard definition == maxDefinition, value < data.values.count else {
                throw ParquetError("entry \(entry) has definition level \(definition) (\(maxDefinition) expected) or no value left")
            }
            entry += 1
            value += 1
            return data.values[value - 1]
        }
        switch steps[step] {
        case .optional(let level):
            guard definition >= level else {
                entry += 1
                return .null
            }
            return try cell(step: step + 1)
        case .repeated(let level, let repetitionLevel):
            guard definition >= level else {
                entry += 1
                return .list([])
            }
            var items = [try cell(step: step + 1)]
            while entry < entryCount, repetition(at: entry) == repetitionLevel {
                guard data.definitionLevels[entry] >= level else {
                    throw ParquetError("entry \(entry) continues a list but its definition level \(data.definitionLevels[entry]) says the list is absent")
                }
                items.append(try cell(step: step + 1))
            }
            return .list(items)
        }
    }
}
