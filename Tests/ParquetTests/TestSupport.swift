@testable import Parquet

extension ParquetFile {
    /// The number of data pages in each single-leaf column's chunk of row group `index`.
    func dataPageCounts(rowGroup index: Int) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for field in schema.fields where field.leaves.count == 1 {
            let meta = try columnMeta(rowGroup: index, leaf: field.leaves.lowerBound)
            let decoder = ColumnChunkDecoder(leaf: schema.leaves[field.leaves.lowerBound], meta: meta, location: field.name)
            counts[field.name] = try decoder.decode(file, dataEnd: dataEnd).dataPageCount
        }
        return counts
    }

    /// Where the dictionary page of `column` (a single-leaf column) starts in row group `index`.
    func dictionaryPageOffset(rowGroup index: Int, column: String) throws -> Int {
        let field = try field(named: column)
        let meta = try columnMeta(rowGroup: index, leaf: field.leaves.lowerBound)
        guard let offset = meta.dictionaryPageOffset else { throw ParquetError("no dictionary page") }
        return Int(offset)
    }

    /// The file bytes of `column`'s chunk (a single-leaf column) in row group `index`.
    func chunkRange(rowGroup index: Int, column: String) throws -> Range<Int> {
        let meta = try columnMeta(rowGroup: index, leaf: try field(named: column).leaves.lowerBound)
        let start = Int(meta.dictionaryPageOffset ?? meta.dataPageOffset)
        return start..<start + Int(meta.totalCompressedSize)
    }

    private func field(named name: String) throws -> TopLevelField {
        guard let field = schema.fields.first(where: { $0.name == name }) else { throw ParquetError("no field \(name)") }
        return field
    }

    private func columnMeta(rowGroup index: Int, leaf: Int) throws -> ColumnMetaData {
        guard let meta = metadata.rowGroups[index].columns[leaf].metaData else { throw ParquetError("no metadata") }
        return meta
    }
}
