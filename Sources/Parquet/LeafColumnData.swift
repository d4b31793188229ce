/// One leaf column of one row group after decoding: its levels and its non-null values in order.
struct LeafColumnData {
    /// One per entry; empty when the column has no optional or repeated node on its path.
    var definitionLevels: [UInt8] = []
    /// One per entry; empty when the column is not inside a list.
    var repetitionLevels: [UInt8] = []
    var values: [ParquetValue] = []
    /// How many data pages the chunk held.
    var dataPageCount = 0
}
