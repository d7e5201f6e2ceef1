import Foundation
import TestSupport
import WasmComponent
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
}
