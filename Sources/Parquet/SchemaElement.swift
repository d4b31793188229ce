/// One node of the footer's flattened schema (parquet.thrift `SchemaElement`), depth first.
struct SchemaElement {
    var name = ""
    var type: Int32?
    var typeLength: Int32?
    var repetition: Int32?
    var numChildren: Int32?
    var convertedType: Int32?
    /// The field id of the set member of the `LogicalType` union (1 STRING, 2 MAP, 3 LIST, ...).
    var logicalType: Int16?

    init(from reader: inout ThriftCompactReader) throws {
        var hasName = false
        try reader.beginStruct()
        while let field = try reader.nextField() {
            switch field.id {
            case 1: type = try reader.readI32(field)
            case 2: typeLength = try reader.readI32(field)
            case 3: repetition = try reader.readI32(field)
            case 4: name = try reader.readString(field); hasName = true
            case 5: numChildren = try reader.readI32(field)
            case 6: convertedType = try reader.readI32(field)
            case 10: logicalType = try Self.readUnionMember(field, &reader)
            default: try reader.skip(field.type)
            }
        }
        guard hasName else { throw ParquetError("schema element without a name") }
    }

    /// Reads a union, keeping only which member is set.
    private static func readUnionMember(_ field: ThriftCompactReader.Field, _ reader: inout ThriftCompactReader) throws -> Int16? {
        guard field.type == .structure else {
            throw ParquetError("Thrift field \(field.id): expected struct, found \(field.type)")
        }
        var member: Int16?
        try reader.beginStruct()
        while let inner = try reader.nextField() {
            member = inner.id
            try reader.skip(inner.type)
        }
        return member
    }

    private static let convertedUTF8: Int32 = 0, convertedMap: Int32 = 1, convertedMapKeyValue: Int32 = 2, convertedList: Int32 = 3
    private static let logicalString: Int16 = 1, logicalMap: Int16 = 2, logicalList: Int16 = 3

    var isString: Bool { convertedType == Self.convertedUTF8 || logicalType == Self.logicalString }
    var isList: Bool { convertedType == Self.convertedList || logicalType == Self.logicalList }
    var isMap: Bool {
        convertedType == Self.convertedMap || convertedType == Self.convertedMapKeyValue || logicalType == Self.logicalMap
    }
}
