import Foundation
import TestSupport
import WasmBinary
@testable import WasmComponent
import XCTest

/// The canon built-ins table (`Sources/WasmComponent/Model/canon.txt`) and the Swift generated from it.
final class CanonTableTests: XCTestCase {
    func testGeneratedFileIsUpToDate() throws {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        guard let python = paths.map({ URL(fileURLWithPath: String($0)).appendingPathComponent("python3") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { return try Oracle.require(false, "python3 on PATH") }
        let r = try runProcess(python, [Repo.path("Sources/WasmComponent/Model/generate.py"), "--check"])
        XCTAssertEqual(r.status, 0, "Canon.generated.swift is stale: \(r.err)")
    }

    /// Every row's byte is unique and names its row back; bytes outside the table have no name.
    func testBytesAndNamesAgree() throws {
        let text = try String(contentsOfFile: Repo.path("Sources/WasmComponent/Model/canon.txt"), encoding: .utf8)
        var seen: [UInt8: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("0x") {
            let cols = line.split(separator: " ", omittingEmptySubsequences: true)
            let byte = try XCTUnwrap(UInt8(cols[0].dropFirst(2), radix: 16))
            let name = String(cols[1])
            XCTAssertNil(seen[byte], "byte 0x\(String(byte, radix: 16)) listed twice")
            seen[byte] = name
            XCTAssertEqual(Canon.name(opcode: byte), name)
        }
        XCTAssertEqual(seen.count, 49)
        for byte in UInt8.min...UInt8.max where seen[byte] == nil {
            XCTAssertNil(Canon.name(opcode: byte), "0x\(String(byte, radix: 16)) has a name but no row")
        }
    }

    /// Every row decodes from its byte and its immediates column's minimal bytes to the case of its name, and
    /// the encoder writes the same bytes back; the fixed signature is there exactly when the row gives one.
    func testRowsRoundTripThroughTheGeneratedCoders() throws {
        let text = try String(contentsOfFile: Repo.path("Sources/WasmComponent/Model/canon.txt"), encoding: .utf8)
        let minimal: [String: [UInt8]] = [
            "0x00": [0x00], "cancel0": [0x00], "func": [0x01], "type": [0x02], "memory": [0x03], "table": [0x04],
            "functype": [0x05], "slot": [0x00], "opts": [0x01, 0x00], "result": [0x01, 0x00], "valtype": [0x7F],
            "async": [0x01],
        ]
        var rows = 0
        for line in text.split(separator: "\n") where line.hasPrefix("0x") {
            let cols = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true)
            var bytes = [try XCTUnwrap(UInt8(cols[0].dropFirst(2), radix: 16))]
            for imm in cols[3].split(separator: ",") where imm != "none" {
                let kind = String(imm.split(separator: "=")[0])
                bytes += try XCTUnwrap(minimal[kind], "unknown kind \(kind)")
            }
            var r = ByteReader(ByteSlice(copying: bytes))
            let c = try r.readCanon()
            XCTAssertEqual(r.remaining, 0, "\(cols[1]) leaves bytes")
            XCTAssertEqual(c.name, String(cols[1]))
            var w = ByteWriter()
            w.canon(c)
            XCTAssertEqual(w.bytes, bytes, "\(cols[1]) encodes differently")
            let special = cols[4].trimmingCharacters(in: .whitespaces) == "special"
            XCTAssertEqual(c.fixedCoreSignature(pointer: .i32) == nil, special, "\(cols[1])'s signature")
            rows += 1
        }
        XCTAssertEqual(rows, 49)
    }
}
