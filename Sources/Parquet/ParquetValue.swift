/// A value of one cell.
///
/// FLOAT and DOUBLE columns become `.double`, INT32 and INT64 become `.int`, BYTE_ARRAY columns annotated
/// STRING (UTF8) become `.string` and other BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY columns `.bytes`. Lists (the
/// three-level LIST annotation, and legacy repeated fields) become `.list`, whose elements may be `.null`.
/// Not `indirect`: the only recursive case holds an array, which is already a reference, so no cell pays for a box.
public enum ParquetValue: Equatable, Sendable {
    case null
    case boolean(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([ParquetValue])
}
