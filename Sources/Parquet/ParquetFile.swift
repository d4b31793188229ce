/// An open Parquet file: its schema and row groups, read lazily.
///
/// Opening reads only the footer. Each `readRowGroup` reads (with `pread`), decompresses and decodes just
/// the requested columns of one row group, so memory holds one row group's requested columns at a time.
public final class ParquetFile {
    /// The footer may be at most this large (the whole footer is read into memory to parse it).
    static let maxFooterBytes = 256 << 20

    public let path: String
    let file: RandomAccessFile
    let metadata: FileMetaData
    let schema: ParquetSchema
    /// Where the footer starts: every column chunk must end before it.
    let dataEnd: Int

    public let rowCount: Int
    public var rowGroupCount: Int { metadata.rowGroups.count }
    /// The top-level field names, in schema order.
    public var columnNames: [String] { schema.fields.map(\.name) }

    public init(path: String) throws {
        self.path = path
        do {
            let file = try RandomAccessFile(path: path)
            let (metadata, dataEnd) = try Self.readFooter(file)
            let schema = try within("schema") { try ParquetSchema(metadata.schema) }
            rowCount = try Self.validate(metadata, schema)
            (self.file, self.metadata, self.schema, self.dataEnd) = (file, metadata, schema, dataEnd)
        } catch var error as ParquetError {
            error.path = path
            throw error
        }
    }

    /// The number of rows in row group `index` (which must be below `rowGroupCount`).
    public func rowGroupRowCount(_ index: Int) -> Int {
        precondition(metadata.rowGroups.indices.contains(index), "row group \(index) out of 0..<\(rowGroupCount)")
        return Int(metadata.rowGroups[index].numRows)
    }

    /// Decodes one row group's requested top-level columns (nil = all): one array of values per column, each rowGroupRowCount long.
    public func readRowGroup(_ index: Int, columns: [String]?) throws -> [String: [ParquetValue]] {
        do {
            guard metadata.rowGroups.indices.contains(index) else {
                throw ParquetError("row group \(index) does not exist; the file has \(rowGroupCount)")
            }
            let rowGroup = metadata.rowGroups[index]
            var result: [String: [ParquetValue]] = [:]
            for field in try selectedFields(columns) {
                let location = "column '\(field.name)', row group \(index)"
                let steps = try within(location) { try field.plan.get() }
                let leafIndex = field.leaves.lowerBound
                let leaf = schema.leaves[leafIndex]
                guard let meta = rowGroup.columns[leafIndex].metaData else {
                    throw ParquetError("column chunk has no metadata", location: location)
                }
                let data = try ColumnChunkDecoder(leaf: leaf, meta: meta, location: location).decode(file, dataEnd: dataEnd)
                result[field.name] = try within(location) {
                    try RecordAssembler.assemble(data, steps: steps, maxDefinitionLevel: leaf.maxDefinitionLevel,
                                                 rowCount: Int(rowGroup.numRows))
                }
            }
            return result
        } catch var error as ParquetError {
            error.path = path
            throw error
        }
    }

    /// Streams rows, one row group in memory at a time; the closure may throw to stop.
    public func forEachRow(columns: [String]?, _ body: ([String: ParquetValue]) throws -> Void) throws {
        for index in 0..<rowGroupCount {
            let group = try readRowGroup(index, columns: columns)
            for row in 0..<rowGroupRowCount(index) {
                try body(group.mapValues { $0[row] })
            }
        }
    }

    private func selectedFields(_ names: [String]?) throws -> [TopLevelField] {
        guard let names else { return schema.fields }
        return try names.map { name in
            guard let field = schema.fields.first(where: { $0.name == name }) else {
                throw ParquetError("there is no column '\(name)'; the columns are \(columnNames.map { "'\($0)'" }.joined(separator: ", "))")
            }
            return field
        }
    }

    /// Reads and parses the footer: `<FileMetaData> <4-byte length> PAR1` at the end, `PAR1` at the start.
    private static func readFooter(_ file: RandomAccessFile) throws -> (FileMetaData, Int) {
        guard file.size >= 12 else { throw ParquetError("the file has \(file.size) bytes, too few for a Parquet file (at least 12)") }
        let magic = Array("PAR1".utf8)
        let head = try file.read(offset: 0, count: 4)
        let tail = try file.read(offset: file.size - 8, count: 8)
        guard Array(tail[4...]) != Array("PARE".utf8) else { throw ParquetError("the file is encrypted (PARE), which is not supported") }
        guard head == magic, Array(tail[4...]) == magic else {
            throw ParquetError("not a Parquet file: it does not start and end with 'PAR1'")
        }
        let length = tail[0..<4].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard length <= file.size - 12, length <= maxFooterBytes else {
            throw ParquetError("the footer claims \(length) bytes but the file has room for \(file.size - 12) (and at most \(maxFooterBytes) are accepted)")
        }
        let footerStart = file.size - 8 - length
        let bytes = try file.read(offset: footerStart, count: length)
        var reader = ThriftCompactReader(bytes, fileOffset: footerStart)
        let metadata = try within("footer at offset \(footerStart)") { try FileMetaData(from: &reader) }
        return (metadata, footerStart)
    }

    /// Checks the row groups against the schema; returns the total row count.
    private static func validate(_ metadata: FileMetaData, _ schema: ParquetSchema) throws -> Int {
        var total = 0
        for (index, rowGroup) in metadata.rowGroups.enumerated() {
            guard rowGroup.columns.count == schema.leaves.count else {
                throw ParquetError("row group \(index) has \(rowGroup.columns.count) column chunks but the schema has \(schema.leaves.count) leaf columns")
            }
            if let external = rowGroup.columns.first(where: { $0.filePath != nil })?.filePath {
                throw ParquetError("row group \(index) refers to column data in another file ('\(external)'), which is not supported")
            }
            // Every row has at least one entry in each column chunk, so the chunk limit bounds the rows too.
            guard rowGroup.numRows <= Int64(ColumnChunkDecoder.maxValuesPerChunk) else {
                throw ParquetError("row group \(index) claims \(rowGroup.numRows) rows; at most \(ColumnChunkDecoder.maxValuesPerChunk) are accepted (rewrite the file with smaller row groups)")
            }
            total += Int(rowGroup.numRows)
        }
        guard total == 0 || !schema.leaves.isEmpty else { throw ParquetError("the file claims \(total) rows but has no columns") }
        guard Int64(total) == metadata.numRows else {
            throw ParquetError("the footer says \(metadata.numRows) rows but its row groups hold \(total)")
        }
        return total
    }
}
