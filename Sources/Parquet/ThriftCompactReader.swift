/// Reads Thrift compact-protocol values (the footer's FileMetaData, page headers) from a byte buffer.
///
/// Every length and count is checked against the bytes that remain, varints are limited to their
/// width, and structs nest at most `maxDepth` deep, so hostile bytes give a `ParquetError`, never a trap.
struct ThriftCompactReader {
    /// The compact protocol's type nibble.
    enum ValueType: UInt8 {
        case booleanTrue = 1, booleanFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    /// A field header: its id and the type of the value that follows.
    struct Field {
        let id: Int16
        let type: ValueType
    }

    static let maxDepth = 32

    private let bytes: [UInt8]
    private(set) var position: Int
    /// The last field id of each enclosing struct; field ids are deltas within one struct.
    private var enclosingFieldIds: [Int16] = []
    private var lastFieldId: Int16 = 0

    /// Reads `bytes` from index `start`; `fileOffset`, the file offset of `bytes[0]`, places error messages.
    init(_ bytes: [UInt8], from start: Int = 0, fileOffset: Int = 0) {
        self.bytes = bytes
        self.position = start
        self.fileOffset = fileOffset
    }

    private let fileOffset: Int
    private var remaining: Int { bytes.count - position }
    /// The file offset of the next byte, for error messages.
    private var offset: Int { fileOffset + position }

    // MARK: Structs

    mutating func beginStruct() throws {
        guard enclosingFieldIds.count < Self.maxDepth else {
            throw ParquetError("Thrift structs nest deeper than \(Self.maxDepth) levels")
        }
        enclosingFieldIds.append(lastFieldId)
        lastFieldId = 0
    }

    /// The next field of the current struct, or nil at its end (which also leaves the struct).
    mutating func nextField() throws -> Field? {
        let header = try readByte()
        if header == 0 {
            lastFieldId = enclosingFieldIds.popLast() ?? 0
            return nil
        }
        let type = try valueType(header & 0x0f)
        let delta = Int16(header >> 4)
        if delta == 0 {
            lastFieldId = try readI16Value()
        } else {
            let (id, overflow) = lastFieldId.addingReportingOverflow(delta)
            guard !overflow else { throw ParquetError("Thrift field id overflows past \(lastFieldId)") }
            lastFieldId = id
        }
        return Field(id: lastFieldId, type: type)
    }

    // MARK: Typed field values

    mutating func readBool(_ field: Field) throws -> Bool {
        switch field.type {
        case .booleanTrue: return true
        case .booleanFalse: return false
        default: throw mismatch(field, expected: "bool")
        }
    }

    mutating func readI32(_ field: Field) throws -> Int32 {
        guard field.type == .i32 else { throw mismatch(field, expected: "i32") }
        return try readI32Value()
    }

    mutating func readI64(_ field: Field) throws -> Int64 {
        guard field.type == .i64 else { throw mismatch(field, expected: "i64") }
        return try readI64Value()
    }

    mutating func readString(_ field: Field) throws -> String {
        guard field.type == .binary else { throw mismatch(field, expected: "string") }
        return try readStringValue()
    }

    /// The element count of a list field whose elements must be of `elementType`.
    mutating func readListHeader(_ field: Field, of elementType: ValueType) throws -> Int {
        guard field.type == .list || field.type == .set else { throw mismatch(field, expected: "list") }
        let (count, type) = try readListHeaderValue()
        guard type == elementType else {
            throw ParquetError("Thrift field \(field.id): expected a list of \(elementType), found a list of \(type)")
        }
        return count
    }

    // MARK: Bare values (list elements)

    mutating func readI32Value() throws -> Int32 {
        let raw = try readVarint(maxBytes: 5)
        guard raw <= UInt64(UInt32.max) else { throw ParquetError("Thrift i32 varint exceeds 32 bits") }
        let zigzag = UInt32(raw)
        return Int32(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
    }

    mutating func readI64Value() throws -> Int64 {
        let zigzag = try readVarint(maxBytes: 10)
        return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
    }

    mutating func readStringValue() throws -> String {
        let length = try readLength()
        defer { position += length }
        guard let string = String(validating: bytes[position..<position + length], as: UTF8.self) else {
            throw ParquetError("Thrift string at offset \(offset) is not valid UTF-8")
        }
        return string
    }

    // MARK: Skipping

    /// Skips a value of `type`; `inList` because a list's booleans take a byte while a field's live in its header.
    mutating func skip(_ type: ValueType, inList: Bool = false, depth: Int = 0) throws {
        guard depth < Self.maxDepth else {
            throw ParquetError("Thrift values nest deeper than \(Self.maxDepth) levels")
        }
        switch type {
        case .booleanTrue, .booleanFalse:
            if inList { try advance(1) }
        case .byte: try advance(1)
        case .i16, .i32, .i64: _ = try readVarint(maxBytes: 10)
        case .double: try advance(8)
        case .binary: try advance(try readLength())
        case .list, .set:
            let (count, elementType) = try readListHeaderValue()
            for _ in 0..<count { try skip(elementType, inList: true, depth: depth + 1) }
        case .map:
            let count = try readCount(minimumBytesEach: 2)
            guard count > 0 else { return }
            let types = try readByte()
            let keyType = try valueType(types >> 4), valueType = try valueType(types & 0x0f)
            for _ in 0..<count {
                try skip(keyType, inList: true, depth: depth + 1)
                try skip(valueType, inList: true, depth: depth + 1)
            }
        case .structure:
            while true {
                let header = try readByte()
                if header == 0 { return }
                let fieldType = try valueType(header & 0x0f)
                if header >> 4 == 0 { _ = try readI16Value() }
                try skip(fieldType, depth: depth + 1)
            }
        }
    }

    // MARK: Primitives

    private mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw ParquetError("Thrift data ends early at offset \(offset)") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func advance(_ count: Int) throws {
        guard count <= remaining else {
            throw ParquetError("Thrift value of \(count) bytes at offset \(offset) runs past the end (\(remaining) left)")
        }
        position += count
    }

    private mutating func readVarint(maxBytes: Int) throws -> UInt64 {
        var result: UInt64 = 0
        for index in 0..<maxBytes {
            let byte = try readByte()
            let payload = UInt64(byte & 0x7f)
            let shift = UInt64(7 * index)
            guard shift < 64, (payload << shift) >> shift == payload else {
                throw ParquetError("Thrift varint at offset \(offset) overflows 64 bits")
            }
            result |= payload << shift
            if byte & 0x80 == 0 { return result }
        }
        throw ParquetError("Thrift varint at offset \(offset) is longer than \(maxBytes) bytes")
    }

    private mutating func readI16Value() throws -> Int16 {
        let value = try readI32Value()
        guard let narrow = Int16(exactly: value) else { throw ParquetError("Thrift i16 \(value) out of range") }
        return narrow
    }

    /// A binary length, checked against the bytes that remain.
    private mutating func readLength() throws -> Int {
        let length = try readVarint(maxBytes: 5)
        guard length <= UInt64(remaining) else {
            throw ParquetError("Thrift binary of \(length) bytes at offset \(offset) runs past the end (\(remaining) left)")
        }
        return Int(length)
    }

    /// An element count; each element takes at least `minimumBytesEach` bytes, which bounds it by what remains.
    private mutating func readCount(minimumBytesEach: Int) throws -> Int {
        let count = try readVarint(maxBytes: 5)
        guard count <= UInt64(remaining / minimumBytesEach) else {
            throw ParquetError("Thrift collection of \(count) elements at offset \(offset) cannot fit in the \(remaining) bytes left")
        }
        return Int(count)
    }

    private mutating func readListHeaderValue() throws -> (Int, ValueType) {
        let header = try readByte()
        let type = try valueType(header & 0x0f)
        let shortCount = Int(header >> 4)
        let count = shortCount == 15 ? try readCount(minimumBytesEach: 1) : shortCount
        guard count <= remaining else {
            throw ParquetError("Thrift list of \(count) elements at offset \(offset) cannot fit in the \(remaining) bytes left")
        }
        return (count, type)
    }

    private func valueType(_ nibble: UInt8) throws -> ValueType {
        guard let type = ValueType(rawValue: nibble) else {
            throw ParquetError("unknown Thrift compact type \(nibble) at offset \(offset)")
        }
        return type
    }

    private func mismatch(_ field: Field, expected: String) -> ParquetError {
        ParquetError("Thrift field \(field.id): expected \(expected), found \(field.type)")
    }
}
