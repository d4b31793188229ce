import Common
import Foundation
import Testing
@testable import Encoders

/// Writes a safetensors file from a header (JSON text) and a payload, for malformed-file tests.
func makeSafeTensors(header: String, payload: [UInt8], headerLength: UInt64? = nil, name: String = "weights.safetensors") throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var data = Data()
    withUnsafeBytes(of: (headerLength ?? UInt64(header.utf8.count)).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: Array(header.utf8))
    data.append(contentsOf: payload)
    let url = folder.appendingPathComponent(name)
    try data.write(to: url)
    return url
}

func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

func errorMessage(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch { return "\(error)" }
}

@Suite struct SafeTensorsTests {
    @Test func readsF32F16AndBF16WidenedToFloat() throws {
        let f32 = bytes([Float(1.5), -2])
        let f16 = bytes([Float16(0.25).bitPattern, Float16(-8).bitPattern])
        let bf16 = bytes([UInt16(Float(3).bitPattern >> 16), UInt16(Float(-0.5).bitPattern >> 16)])
        let header = """
        {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1,2],"data_offsets":[8,12]},\
        "c":{"dtype":"BF16","shape":[2],"data_offsets":[12,16]},"__metadata__":{"format":"pt"}}
        """
        let file = try SafeTensorsFile(url: makeSafeTensors(header: header, payload: f32 + f16 + bf16))
        #expect(try file.floats("a") == [1.5, -2])
        #expect(try file.floats("b", shape: [1, 2]) == [0.25, -8])
        #expect(try file.floats("c") == [3, -0.5])
    }

    @Test func truncatedFileNamesTheTensor() throws {
        let url = try makeSafeTensors(header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, payload: [UInt8](repeating: 0, count: 8))
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) } == "weights.safetensors is truncated: tensor 'w' ends at byte 16 of a data section of 8 bytes")
    }

    @Test func fileShorterThanItsHeaderLength() throws {
        let url = try makeSafeTensors(header: "{}", payload: [], headerLength: 4096)
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) } == "weights.safetensors is truncated or corrupt: its header claims 4096 bytes but the file has 10")
    }

    @Test func fileTooShortForAHeader() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("tiny.safetensors")
        try Data([1, 2, 3]).write(to: url)
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) } == "tiny.safetensors is truncated: 3 bytes, too short for a safetensors header")
    }

    @Test func overlappingTensorsAreRefused() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        let url = try makeSafeTensors(header: header, payload: [UInt8](repeating: 0, count: 12))
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) } == "weights.safetensors: tensors 'a' and 'b' overlap in the file")
    }

    @Test func unknownDtypeNamesTheTensor() throws {
        let url = try makeSafeTensors(header: #"{"q":{"dtype":"Q4","shape":[2],"data_offsets":[0,2]}}"#, payload: [0, 0])
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) } == "weights.safetensors: tensor 'q' has unknown dtype 'Q4'")
    }

    @Test func sizeThatDisagreesWithShape() throws {
        let url = try makeSafeTensors(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, payload: [UInt8](repeating: 0, count: 8))
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) } == "weights.safetensors: tensor 'w' has 8 bytes but F32 [3] needs 12")
    }

    @Test func headerThatIsNotJSON() throws {
        let url = try makeSafeTensors(header: "not json", payload: [])
        #expect(errorMessage { _ = try SafeTensorsFile(url: url) } == "weights.safetensors: the header is not a JSON object")
    }

    @Test func missingTensorAndWrongShapeAreNamed() throws {
        let file = try SafeTensorsFile(url: makeSafeTensors(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, payload: bytes([Float(1), 2])))
        #expect(errorMessage { _ = try file.floats("v") } == "weights.safetensors has no tensor 'v'")
        #expect(errorMessage { _ = try file.floats("w", shape: [1, 2]) } == "weights.safetensors: tensor 'w' has shape [2], expected [1, 2]")
    }

    @Test func integerTensorsCannotBeReadAsFloats() throws {
        let file = try SafeTensorsFile(url: makeSafeTensors(header: #"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, payload: bytes([Int64(7)])))
        #expect(errorMessage { _ = try file.floats("ids") } == "weights.safetensors: tensor 'ids' is I64, expected F32, F16 or BF16")
    }

    @Test func sha256OfKnownVectors() {
        #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Data(repeating: 0x61, count: 1_000_000)
        #expect(SHA256.hex(of: long) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
